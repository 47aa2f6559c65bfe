/**
 * The four example workflows of docs/examples inside real n8n (the harness in scripts/n8n) against the demo
 * sandbox: imported through n8n's public API exactly as the demo (`npm start`) imports them, published,
 * started the way they start (their webhooks, or `n8n execute` for the scheduled one), and checked by the
 * requests the sandbox received, the records it holds afterwards and the answers the callers got.
 */
import type { INodeProperties } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { JournalEntry } from '../../sandbox/journal.cjs';
import {
	addExpiringContract,
	AUTOTASK_TYPES,
	CHAT_NODE,
	EXAMPLES,
	loadExample,
	loadPayload,
	prepareExample,
	startChatReceiver,
	type ChatReceiver,
	type ExampleWorkflow,
	editorFieldList,
} from '../../scripts/demo-examples.cjs';
import type { N8nInstance } from '../../scripts/n8n/harness.cjs';
import { describeE2E, startN8nOnSandbox } from './helpers.cjs';
import { autotaskNode } from '../helpers/n8n-context.cjs';

const CREDENTIAL_NAME = 'Autotask account';
const FABRIKAM = 175;
const CONTOSO = 174;

let sb: Sandbox;
let n8n: N8nInstance;
let chat: ChatReceiver;
let credential: { id: string; name: string };
const workflowIds: Record<string, string> = {};
let expiring: { id: number } & Record<string, unknown>;

const api = (path: string) => `/ATServicesRest/V1.0/${path}`;
/** Requests other than metadata reads, as "METHOD /path" from /V1.0 on. */
function calls(): string[] {
	return sb.journal
		.filter((e: JournalEntry) => !/entityInformation|VersionInformation/i.test(e.path))
		.map((e: JournalEntry) => `${e.method} ${e.path.replace('/ATServicesRest/V1.0', '')}`);
}
function bodiesOf(method: string, path: string): Array<Record<string, unknown>> {
	return sb.journal
		.filter((e) => e.method === method && e.path === api(path))
		.map((e) => e.body as Record<string, unknown>);
}
/** Fails with the workflow's own error message when a webhook answered another status than expected. */
async function expectStatus(
	file: string,
	answer: { status: number; text: string },
	status: number,
): Promise<void> {
	if (answer.status === status) return;
	await new Promise((resolve) => setTimeout(resolve, 1000));
	const executions = await n8n.executions(workflowIds[file]);
	const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b), executions[0]);
	throw new Error(
		`${file} answered ${answer.status}, not ${status}: ${newest?.data?.resultData?.error?.message ?? answer.text}`,
	);
}

function autotaskNodes(workflow: ExampleWorkflow) {
	return workflow.nodes.filter((n) => AUTOTASK_TYPES.includes(String(n.type)));
}

describeE2E('docs/examples in real n8n against the sandbox', () => {
	beforeAll(
		async () => {
			sb = await startSandbox({ seed: 'demo' });
			expiring = addExpiringContract(sb.admin);
			chat = await startChatReceiver();
			({ n8n, credential } = await startN8nOnSandbox(sb, {}, CREDENTIAL_NAME));
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.stop();
		await chat?.close();
		await sb?.close();
	}, 60000);

	beforeEach(() => {
		sb.journal.splice(0);
		chat.messages.splice(0);
		chat.status = 200;
	});

	test("each example uses this package's nodes (type version 1, credential autotaskApi) with resources and operations the node offers", () => {
		const properties = autotaskNode().description.properties as INodeProperties[];
		const resources = (
			properties.find((p) => p.name === 'resource')!.options as Array<{ value: string }>
		).map((o) => o.value);
		const operationsOf = (resource: string) =>
			properties
				.filter(
					(p) =>
						p.name === 'operation' &&
						(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
				)
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
		for (const example of EXAMPLES) {
			const workflow = loadExample(example.file);
			const names = workflow.nodes.map((n) => n.name);
			expect(new Set(names).size).toBe(names.length);
			for (const [from, outputs] of Object.entries(workflow.connections)) {
				expect(names).toContain(from);
				for (const output of (outputs as { main: Array<Array<{ node: string }>> }).main)
					for (const c of output) expect(names).toContain(c.node);
			}
			const nodes = autotaskNodes(workflow);
			expect(nodes.length).toBeGreaterThan(0);
			for (const node of nodes) {
				expect([
					example.file,
					node.name,
					node.typeVersion,
					Object.keys(node.credentials ?? {}),
				]).toEqual([example.file, node.name, 1, ['autotaskApi']]);
				expect(resources).toContain(node.parameters.resource);
				expect([node.name, operationsOf(node.parameters.resource)]).toEqual([
					node.name,
					expect.arrayContaining([node.parameters.operation]),
				]);
			}
			if (example.webhookPath) {
				const hook = workflow.nodes.find(
					(n) => n.type === 'n8n-nodes-base.webhook' && n.parameters.path === example.webhookPath,
				);
				expect(hook).toBeDefined();
			}
		}
	});

	test('n8n imports and publishes all four; the editor loads the same field lists as the files hold, so none shows "Fields are outdated"', async () => {
		for (const example of EXAMPLES) {
			const workflow = prepareExample(loadExample(example.file), { credential, chatUrl: chat.url });
			const { id } = await n8n.importWorkflow(workflow);
			workflowIds[example.file] = id;
			const published = await n8n.activate(id);
			expect(published.active).toBe(true);
			const stored = await n8n.getWorkflow(id);
			for (const node of autotaskNodes(stored))
				expect(node.credentials).toEqual({
					autotaskApi: { id: credential.id, name: CREDENTIAL_NAME },
				});
			for (const node of autotaskNodes(stored).filter((n) => n.parameters.fields)) {
				// What the editor asks when the node opens (resource mapper getFields), compared as n8n compares.
				// When this differs: node .tooling/scripts/demo-examples-refresh.cjs rewrites the saved lists.
				const loaded = await editorFieldList(n8n, node, {
					autotaskApi: { id: credential.id, name: CREDENTIAL_NAME },
				});
				const pick = (f: Record<string, unknown>) => ({
					id: f.id,
					displayName: f.displayName,
					required: f.required,
					defaultMatch: f.defaultMatch,
					canBeUsedToMatch: f.canBeUsedToMatch,
					display: f.display,
					type: f.type,
					options: f.options,
				});
				const schema = node.parameters.fields.schema as Array<Record<string, unknown>>;
				expect([node.name, schema.map(pick)]).toEqual([node.name, loaded.map(pick)]);
				// Every value the example sends is a shown column.
				const shown = schema
					.filter((f) => f.removed === false)
					.map((f) => f.id)
					.sort();
				expect([node.name, shown]).toEqual([
					node.name,
					Object.keys(node.parameters.fields.value).sort(),
				]);
			}
		}
	});

	describe('RMM alert → ticket + chat notice', () => {
		const alert = loadPayload('rmm-alert.json');

		test('a critical disk alert on a known device opens a High-priority alert ticket in Monitoring Alert, posts the chat notice and answers with the ticket', async () => {
			const answer = await n8n.runWebhook('rmm-alert', alert);
			await expectStatus('rmm-alert-to-ticket', answer, 200);
			expect(calls()).toEqual([
				'POST /ConfigurationItems/query',
				'POST /Tickets',
				`GET /Tickets/${String(answer.body.ticketId)}`,
			]);
			expect(bodiesOf('POST', 'ConfigurationItems/query')[0]).toEqual({
				filter: [{ op: 'eq', field: 'referenceTitle', value: 'CONTOSO-SRV-01' }],
				MaxRecords: 1,
			});
			const sent = bodiesOf('POST', 'Tickets')[0];
			expect(sent).toEqual({
				companyID: CONTOSO,
				configurationItemID: 2,
				title: '[RMM] CONTOSO-SRV-01: Disk C: has less than 5% free space',
				description: [
					'Disk C: has less than 5% free space',
					'Free space on C: is 3.2 GB of 120 GB (2.7%). Threshold: 5%.',
					'Alert ID: rmm-7f3a9c21',
					'Raised: 2026-11-23T08:41:07Z',
				].join('\n'),
				// Picklist values go out as numbers.
				status: 1,
				priority: 1,
				queueID: 8,
				issueType: 1,
				ticketType: 5,
				ticketCategory: 2,
				source: 8,
				dueDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			});
			const dueIn = Date.parse(String(sent.dueDateTime)) - Date.now();
			expect(dueIn).toBeGreaterThan(3.5 * 3600_000);
			expect(dueIn).toBeLessThan(4 * 3600_000 + 60_000);
			const ticket = sb.admin.get('Tickets', Number(answer.body.ticketId))!;
			expect(ticket).toMatchObject({
				companyID: CONTOSO,
				configurationItemID: 2,
				priority: 1,
				queueID: 8,
				issueType: 1,
				ticketType: 5,
				ticketCategory: 2,
				source: 8,
				status: 1,
			});
			expect(answer.body).toEqual({ ticketId: ticket.id, ticketNumber: ticket.ticketNumber });
			expect(chat.messages.map((m) => m.body)).toEqual([
				{
					text: `🚨 Critical RMM alert on CONTOSO-SRV-01: Disk C: has less than 5% free space\nTicket ${String(ticket.ticketNumber)} opened in Monitoring Alert (priority High).`,
				},
			]);
		});

		test('a security alert from a device Autotask does not know goes to Level II Support as Security / Malware, on company 0', async () => {
			const answer = await n8n.runWebhook('rmm-alert', {
				severity: 'Critical',
				category: 'security',
				device: 'UNKNOWN-LAPTOP',
				message: 'Malware quarantined',
			});
			await expectStatus('rmm-alert-to-ticket', answer, 200);
			const sent = bodiesOf('POST', 'Tickets')[0];
			expect(sent).toMatchObject({
				companyID: 0,
				queueID: 29682969,
				issueType: 4,
				subIssueType: 41,
				description: 'Malware quarantined',
			});
			expect(sent).not.toHaveProperty('configurationItemID');
			expect(sb.admin.get('Tickets', Number(answer.body.ticketId))).toMatchObject({
				companyID: 0,
				queueID: 29682969,
				issueType: 4,
				subIssueType: 41,
			});
			expect(String((chat.messages[0].body as { text: string }).text)).toContain(
				'opened in Level II Support (priority High)',
			);
		});

		test('an alert of another category goes to Level I Support as Software', async () => {
			const answer = await n8n.runWebhook('rmm-alert', {
				severity: 'critical',
				category: 'patching',
				device: 'FABRIKAM-WS-02',
				message: 'Patch install failed',
			});
			await expectStatus('rmm-alert-to-ticket', answer, 200);
			expect(bodiesOf('POST', 'Tickets')[0]).toMatchObject({
				companyID: FABRIKAM,
				configurationItemID: 3,
				queueID: 29682833,
				issueType: 2,
			});
		});

		test('a non-critical alert is answered 202 and sends nothing to Autotask', async () => {
			const answer = await n8n.runWebhook('rmm-alert', { ...alert, severity: 'warning' });
			await expectStatus('rmm-alert-to-ticket', answer, 202);
			expect(answer.body).toEqual({ ignored: true, reason: 'severity is warning' });
			expect(sb.journal).toHaveLength(0);
			expect(chat.messages).toHaveLength(0);
		});

		test('when the chat is down the ticket is still opened and the RMM still gets its answer', async () => {
			chat.status = 503;
			const answer = await n8n.runWebhook('rmm-alert', alert);
			await expectStatus('rmm-alert-to-ticket', answer, 200);
			expect(bodiesOf('POST', 'Tickets')).toHaveLength(1);
			expect(sb.admin.get('Tickets', Number(answer.body.ticketId))).toMatchObject({
				title: '[RMM] CONTOSO-SRV-01: Disk C: has less than 5% free space',
			});
			expect(chat.messages).toHaveLength(0);
		});
	});

	describe('expiring contracts → renewal', () => {
		test('n8n execute: each active contract ending within 60 days gets an opportunity, a quote and a to-do for the account manager; a second run adds nothing', async () => {
			const today = new Date().toISOString().slice(0, 10);
			const limit = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
			const due = sb.admin
				.list(
					'Contracts',
					(c) =>
						c.status === 1 &&
						String(c.endDate).slice(0, 10) >= today &&
						String(c.endDate).slice(0, 10) <= limit,
				)
				.map((c) => c.id);
			expect(due).toContain(expiring.id);
			const opportunitiesBefore = sb.admin.list('Opportunities').length;

			await n8n.cli(['execute', `--id=${workflowIds['contract-renewal']}`]);
			expect(bodiesOf('POST', 'Contracts/query')).toEqual([
				{
					filter: [
						{ op: 'eq', field: 'status', value: 1 },
						{ op: 'gte', field: 'endDate', value: today },
						{ op: 'lte', field: 'endDate', value: limit },
					],
					MaxRecords: 500,
				},
			]);
			expect(bodiesOf('POST', 'Opportunities')).toHaveLength(due.length);
			expect(bodiesOf('POST', 'Quotes')).toHaveLength(due.length);
			const opportunities = sb.admin.list('Opportunities').slice(opportunitiesBefore);
			expect(opportunities).toHaveLength(due.length);

			const contractName = String(expiring.contractName);
			const endDay = String(expiring.endDate).slice(0, 10);
			const opportunity = opportunities.find((o) => o.title === `Renewal: ${contractName}`)!;
			expect(opportunity).toMatchObject({
				companyID: FABRIKAM,
				amount: 4800,
				cost: 2900,
				probability: 75,
				ownerResourceID: 29682889,
				stage: 3,
				status: 1,
				description: `Renewal of the contract ${contractName}, which ends on ${endDay}.`,
			});
			expect(String(opportunity.projectedCloseDate).slice(0, 10)).toBe(endDay);
			const quote = sb.admin.list('Quotes', (q) => q.opportunityID === opportunity.id)[0];
			expect(quote).toMatchObject({ companyID: FABRIKAM, name: `Renewal: ${contractName}` });
			expect(String(quote.effectiveDate).slice(0, 10)).toBe(today);
			expect(String(quote.expirationDate).slice(0, 10)).toBe(endDay);
			const todo = sb.admin.list('CompanyToDos', (t) => t.opportunityID === opportunity.id)[0];
			expect(todo).toMatchObject({
				companyID: FABRIKAM,
				contractID: expiring.id,
				assignedToResourceID: 29682889,
				actionType: 1,
			});
			expect(String(todo.activityDescription)).toBe(
				`Follow up on the renewal quote for ${contractName} (contract ends ${endDay}).`,
			);
			const dueAtFabrikam = sb.admin.list(
				'Contracts',
				(c) => due.includes(c.id) && c.companyID === FABRIKAM,
			).length;
			expect(bodiesOf('POST', `Companies/${FABRIKAM}/ToDos`)).toHaveLength(dueAtFabrikam);

			sb.journal.splice(0);
			await n8n.cli(['execute', `--id=${workflowIds['contract-renewal']}`]);
			expect(bodiesOf('POST', 'Opportunities/query/count')).toHaveLength(due.length);
			expect(calls().filter((c) => !c.includes('/query'))).toEqual([]);
			expect(sb.admin.list('Opportunities').length).toBe(opportunitiesBefore + due.length);
		});
	});

	describe('new client → onboarding', () => {
		const client = loadPayload('new-client.json');

		test('creates the company, its primary contact, a 12-month contract, the onboarding project and six tasks, and answers 201 with their IDs', async () => {
			const answer = await n8n.runWebhook('new-client', client);
			await expectStatus('client-onboarding', answer, 201);
			const { companyId, contactId, contractId, projectId, taskIds } = answer.body as Record<
				string,
				any
			>;
			expect(calls()).toEqual([
				'POST /Companies/query/count',
				// each create is read back once, so the next node gets the record (the six tasks together)
				'POST /Companies',
				'POST /Companies/query',
				`POST /Companies/${companyId}/Contacts`,
				'POST /Contacts/query',
				'POST /Contracts',
				'POST /Contracts/query',
				'POST /Projects',
				'POST /Projects/query',
				...Array(6).fill(`POST /Projects/${projectId}/Tasks`),
				'POST /Tasks/query',
			]);
			expect(sb.admin.get('Companies', companyId)).toMatchObject({
				companyName: 'Harbor View Veterinary',
				companyType: 1,
				phone: '555-0188',
				address1: '12 Pier Street',
				city: 'Tacoma',
				state: 'WA',
				postalCode: '98402',
				ownerResourceID: 29682889,
			});
			expect(sb.admin.get('Contacts', contactId)).toMatchObject({
				companyID: companyId,
				firstName: 'Robin',
				lastName: 'Alvarez',
				emailAddress: 'robin.alvarez@harborview-vet.example',
				primaryContact: true,
			});
			const contract = sb.admin.get('Contracts', contractId)!;
			expect(contract).toMatchObject({
				companyID: companyId,
				contactID: contactId,
				contractName: 'Harbor View Veterinary Managed Services',
				contractType: 7,
				status: 1,
			});
			expect([
				String(contract.startDate).slice(0, 10),
				String(contract.endDate).slice(0, 10),
			]).toEqual(['2026-12-01', '2027-11-30']);
			const project = sb.admin.get('Projects', projectId)!;
			expect(project).toMatchObject({
				companyID: companyId,
				contractID: contractId,
				projectName: 'Onboarding: Harbor View Veterinary',
				status: 1,
				projectType: 5,
				projectLeadResourceID: 29682888,
			});
			expect(String(project.endDateTime).slice(0, 10)).toBe('2026-12-31');
			const tasks = (taskIds as number[]).map((id) => sb.admin.get('Tasks', id)!);
			expect(
				tasks.map((t) => [t.projectID, t.title, t.estimatedHours, t.status, t.taskType]),
			).toEqual([
				[projectId, 'Kick-off call with the primary contact', 1, 1, 1],
				[projectId, 'Document the network, licences and admin credentials', 4, 1, 1],
				[projectId, 'Deploy the RMM agent to every device', 3, 1, 1],
				[projectId, 'Set up backup and check the first run', 2, 1, 1],
				[projectId, 'Route monitoring alerts to the service desk', 2, 1, 1],
				[projectId, 'Hand over to the service desk', 1, 1, 1],
			]);
		});

		test('the same client again is refused with 409 and nothing is written', async () => {
			const answer = await n8n.runWebhook('new-client', client);
			await expectStatus('client-onboarding', answer, 409);
			expect(answer.body).toEqual({
				error: 'A company named Harbor View Veterinary already exists in Autotask',
			});
			expect(calls()).toEqual(['POST /Companies/query/count']);
		});
	});

	describe('new firewall → configuration item', () => {
		const firewall = loadPayload('new-firewall.json');

		test('becomes a Network Device configuration item of the Firewall Appliance product on its company', async () => {
			const answer = await n8n.runWebhook('new-firewall', firewall);
			await expectStatus('firewall-to-configuration-item', answer, 201);
			expect(calls()).toEqual([
				'POST /Companies/query',
				'POST /ConfigurationItems/query',
				'POST /Products/query',
				'POST /ConfigurationItems',
				'POST /ConfigurationItems/query',
			]); // the create, then its record read back
			const id = Number(answer.body.configurationItemId);
			expect(answer.body).toEqual({ configurationItemId: id, companyId: FABRIKAM, created: true });
			const ci = sb.admin.get('ConfigurationItems', id)!;
			expect(ci).toMatchObject({
				companyID: FABRIKAM,
				productID: 3,
				configurationItemType: 3,
				isActive: true,
				referenceTitle: 'FABRIKAM-FW-01',
				serialNumber: 'FGT60F-TK2290177',
				referenceNumber: 'FortiGate 60F',
				location: 'Portland office, comms rack',
				notes: 'Model: FortiGate 60F\nFirmware: 7.4.5\nLAN IP: 10.20.0.1',
			});
			expect(String(ci.installDate).slice(0, 10)).toBe('2026-11-20');
		});

		test('the same serial number again is not recorded twice', async () => {
			const existing = sb.admin.list(
				'ConfigurationItems',
				(c) => c.serialNumber === firewall.serialNumber,
			);
			expect(existing).toHaveLength(1);
			const answer = await n8n.runWebhook('new-firewall', firewall);
			await expectStatus('firewall-to-configuration-item', answer, 200);
			expect(answer.body).toEqual({
				configurationItemId: existing[0].id,
				companyId: FABRIKAM,
				created: false,
			});
			expect(calls()).toEqual(['POST /Companies/query', 'POST /ConfigurationItems/query']);
		});

		test('a customer with no Autotask company is answered 404 and nothing is written', async () => {
			const answer = await n8n.runWebhook('new-firewall', {
				...firewall,
				customer: 'Nobody Holdings',
				serialNumber: 'SN-NEW-1',
			});
			await expectStatus('firewall-to-configuration-item', answer, 404);
			expect(answer.body).toEqual({ error: 'No Autotask company is named Nobody Holdings' });
			expect(calls()).toEqual(['POST /Companies/query']);
		});
	});

	test('every run above finished without an error in n8n (the chat outage included: Post to chat continues on error)', async () => {
		for (const example of EXAMPLES) {
			const executions = await n8n.executions(workflowIds[example.file]);
			expect(executions.length).toBeGreaterThan(0);
			expect([
				example.file,
				executions.filter((e) => e.status !== 'success').map((e) => e.status),
			]).toEqual([example.file, []]);
		}
		const chatNode = loadExample('rmm-alert-to-ticket').nodes.find((n) => n.name === CHAT_NODE)!;
		expect(chatNode.onError).toBe('continueRegularOutput');
	});
});
