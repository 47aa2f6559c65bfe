/**
 * The package inside real n8n 2.41.1 (Node 24), against the sandbox: the nodes and the credential load, n8n's
 * credential test, the 43 documented actions as workflows, the Autotask Trigger's webhook lifecycle through
 * n8n's public API (activation, one callout = one execution, forged callouts refused, deactivation, 10
 * restarts without orphans), the Poll Trigger on a new task, and no secret in any log, output or export.
 *
 * The first run installs n8n into ~/.cache/n8n-autotask-e2e (about 5 minutes); later runs reuse it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { JournalEntry } from '../../sandbox/journal.cjs';
import {
	ensureN8n,
	N8N_VERSION,
	packPackage,
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
} from '../../scripts/n8n/harness.cjs';
import { DOCUMENTED_ACTIONS, requestBudget } from '../actions/documented-actions.cjs';
import {
	actionWorkflow,
	describeE2E,
	nodeRun,
	occurrences,
	pollWorkflow,
	runActionWorkflow,
	triggerWorkflow,
	TYPES,
	type Credential,
} from './helpers.cjs';

jest.setTimeout(5 * 60 * 1000);

const PERSON = 29682886; // a resource in the demo seed: the "person" who changes tickets in the UI
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin(sb: Sandbox, method: string, route: string, body?: unknown): Promise<any> {
	const r = await fetch(`${sb.origin}/__sandbox${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	if (!r.ok) throw new Error(`${method} /__sandbox${route}: ${r.status} ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Authenticated calls to the sandbox made by the node (not the credential's zone probe), without metadata reads. */
function calls(entries: JournalEntry[]) {
	return entries
		.filter((j) => j.headers.username !== undefined && !/entityInformation/i.test(j.path))
		.map((j) => ({
			method: j.method,
			path: j.path.replace(/^\/ATServicesRest/i, ''),
			body: j.body,
		}));
}

describeE2E(`the package inside n8n ${N8N_VERSION}`, () => {
	let n8n: N8nInstance;
	let sb: Sandbox; // for the triggers
	let actionsSb: Sandbox; // for the 43 actions: the demo seed as the table expects it
	let cred: Credential;
	let actionsCred: Credential;
	let liveTrigger: string | undefined; // a trigger workflow still active when the exports are searched

	beforeAll(
		async () => {
			const install = await ensureN8n(N8N_VERSION);
			const tarball = await packPackage();
			// The retry gap is compressed; the callout timeout stays Autotask's 10 s. Compressed to 100 ms it fired while a
			// loaded n8n was still reading the full record, and the retry of that callout was then dropped as a repeat.
			sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.01, webhookTimeoutMs: 10_000 });
			actionsSb = await startSandbox({ seed: 'demo' });
			// debug: the most talkative n8n there is, for the secret search at the end
			n8n = await startN8n({ install, tarball, logLevel: 'debug' });
			await n8n.setupOwner();
			await n8n.createApiKey();
			cred = await n8n.createCredential(
				'Autotask sandbox',
				'autotaskApi',
				sandboxCredentialData(sb),
			);
			actionsCred = await n8n.createCredential(
				'Autotask sandbox (actions)',
				'autotaskApi',
				sandboxCredentialData(actionsSb),
			);
		},
		45 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.stop();
		await sb?.close();
		await actionsSb?.close();
	});

	describe('the package loads', () => {
		it('registers the three nodes, the AI tool variant of the action node and the credential', async () => {
			const types = await n8n.nodeTypes();
			const ours = types.filter((t) => t.name.startsWith('n8n-nodes-autotask-psa.'));
			expect(ours.map((t) => t.name).sort()).toEqual(
				[TYPES.action, TYPES.poll, TYPES.trigger, TYPES.tool].sort(),
			);
			expect(ours.find((t) => t.name === TYPES.tool)?.displayName).toMatch(/Autotask/);
			const credentials = await n8n.credentialTypes();
			expect(credentials.find((c) => c.name === 'autotaskApi')?.displayName).toBe('Autotask API');
			expect(strip(n8n.logs())).not.toMatch(
				/Error loading package "n8n-nodes-autotask-psa"|could not be loaded.*autotask/i,
			);
		});

		it("passes n8n's credential test against the sandbox", async () => {
			expect(await n8n.testCredential(cred.id, 'autotaskApi', sandboxCredentialData(sb))).toEqual({
				status: 'OK',
				message: 'Connection successful!',
			});
		});

		it("fails n8n's credential test on a wrong secret, saying what to check", async () => {
			const result = await n8n.testCredential(
				cred.id,
				'autotaskApi',
				sandboxCredentialData(sb, { secret: 'not-the-secret' }),
			);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/401/);
			expect(result.message).toMatch(/Secret/);
		});
	});

	describe('the 43 documented actions, each as a workflow', () => {
		const workflows: Array<{ id: string; path: string }> = [];

		beforeAll(
			async () => {
				// One workflow per action, all active at once in this one n8n; run one after the other below.
				for (const [n, action] of DOCUMENTED_ACTIONS.entries()) {
					const webhookPath = `autotask-action-${n + 1}`;
					const wf = await n8n.importWorkflow(actionWorkflow(action, actionsCred, webhookPath));
					await n8n.activate(wf.id);
					workflows.push({ id: wf.id, path: webhookPath });
				}
				// The credential resolves its zone once, on first use; keep that probe out of the first action's requests.
				const warm = await n8n.importWorkflow(
					actionWorkflow(
						{ name: 'Warm-up', parameters: { resource: 'api', operation: 'version' } },
						actionsCred,
						'autotask-warm-up',
					),
				);
				await n8n.activate(warm.id);
				const run = await runActionWorkflow(n8n, warm.id, 'autotask-warm-up');
				expect(run.error).toBeUndefined();
			},
			10 * 60 * 1000,
		);

		afterAll(
			async () => {
				// Fewer active workflows make the restarts below faster; deactivating is itself part of the run.
				for (const wf of workflows) await n8n.deactivate(wf.id);
			},
			5 * 60 * 1000,
		);

		it('covers 43 actions', () => expect(DOCUMENTED_ACTIONS).toHaveLength(43));

		it.each(DOCUMENTED_ACTIONS.map((a, n) => [a.name, n] as const))('%s', async (_name, n) => {
			const action = DOCUMENTED_ACTIONS[n];
			const from = actionsSb.journal.length;
			const run = await runActionWorkflow(n8n, workflows[n].id, workflows[n].path);
			expect({ error: run.error?.message, description: run.error?.description }).toEqual({
				error: undefined,
				description: undefined,
			});
			expect(run.status).toBe(200);
			expect(run.execution.status).toBe('success');

			const sent = calls(actionsSb.journal.slice(from));
			const matching = sent.filter(
				(c) => c.method === action.expect.method && c.path.split('?')[0] === action.expect.path,
			);
			expect({
				sent: sent.map((c) => `${c.method} ${c.path}`),
				matching: matching.length,
			}).toMatchObject({ matching: 1 });
			if (action.expect.body !== undefined) expect(matching[0].body).toEqual(action.expect.body);
			expect(sent.length).toBeLessThanOrEqual(requestBudget(action));
			action.check(run.items as Array<{ json: Record<string, unknown> }>);
		});
	});

	describe('Autotask Trigger through the public API', () => {
		const webhookId = '5f0c2a1e-1111-4222-8333-944455556666';
		let workflowId: string;
		let statusField: number;
		let ticketId: number;

		const ourHooks = async () =>
			(
				(await admin(sb, 'GET', '/records/TicketWebhooks')).items as Array<Record<string, any>>
			).filter((h) => String(h.webhookUrl).startsWith(n8n.url));

		beforeAll(async () => {
			const r = await fetch(`${sb.baseUrl}V1.0/TicketWebhookFields/entityInformation/fields`, {
				headers: {
					ApiIntegrationCode: sb.credentials.integrationCode,
					UserName: sb.credentials.username,
					Secret: sb.credentials.secret,
				},
			});
			const fields = ((await r.json()) as { fields: unknown }).fields as Array<{
				name: string;
				picklistValues?: Array<{ label: string; value: string }>;
			}>;
			statusField = Number(
				fields.find((f) => f.name === 'fieldID')!.picklistValues!.find((p) => p.label === 'status')!
					.value,
			);
			ticketId = (await admin(sb, 'GET', '/records/Tickets')).items[0].id;
		});

		it('activation creates the webhook in Autotask, pointing at n8n, with its fields', async () => {
			expect(await ourHooks()).toEqual([]);
			const wf = await n8n.importWorkflow(
				triggerWorkflow(
					'Ticket updated',
					cred,
					{
						entity: 'ticket',
						events: ['updated'],
						subscribedFields: [statusField],
						options: { fetchFullRecord: true, addPicklistLabels: true },
					},
					webhookId,
				),
			);
			workflowId = wf.id;
			await n8n.activate(workflowId);
			const hooks = await ourHooks();
			expect(hooks).toHaveLength(1);
			expect(hooks[0]).toMatchObject({
				webhookUrl: n8n.webhookUrl(`${webhookId}/webhook`),
				deactivationUrl: n8n.webhookUrl(`${webhookId}/deactivation`),
				isActive: true,
				isSubscribedToUpdateEvents: true,
				isSubscribedToCreateEvents: false,
			});
			const fields = (await admin(sb, 'GET', '/records/TicketWebhookFields')).items.filter(
				(f: any) => f.webhookID === hooks[0].id,
			);
			expect(fields).toEqual([
				expect.objectContaining({ fieldID: statusField, isSubscribedField: true }),
			]);
		});

		it('one ticket update by a person in Autotask runs the workflow exactly once, with the change and the full record', async () => {
			const before = (await admin(sb, 'GET', `/records/Tickets/${ticketId}`)).item;
			const status = before.status === 5 ? 1 : 5;
			await admin(sb, 'PATCH', `/records/Tickets/${ticketId}?personId=${PERSON}`, { status });
			// every callout answered (or given up), then the execution it started: events, not a guessed delay
			await admin(sb, 'POST', '/webhooks/idle');
			const ours = (await admin(sb, 'GET', '/webhooks/deliveries')).deliveries.filter(
				(d: any) => d.url === n8n.webhookUrl(`${webhookId}/webhook`),
			);
			expect(ours.map((d: any) => ({ attempt: d.attempt, status: d.status }))).toEqual([
				{ attempt: 1, status: 200 },
			]);
			const executions = await n8n.waitForExecutions(workflowId, 1, 120_000);
			await delay(1500);
			expect(await n8n.executions(workflowId)).toHaveLength(1);
			expect(executions[0].status).toBe('success');
			const [item] = nodeRun(executions[0], 'Autotask Trigger').items;
			expect(item.json).toMatchObject({
				action: 'updated',
				entity: 'Ticket',
				id: ticketId,
				personId: PERSON,
				webhookGuid: (await ourHooks())[0].webhookGUID,
				record: expect.objectContaining({ id: ticketId, status, title: before.title }),
			});
			expect(String((item.json.fields as Record<string, unknown>).status)).toBe(String(status));
			expect((item.json.fields as Record<string, unknown>).status_label).toEqual(
				expect.any(String),
			);
			const deliveries = (await admin(sb, 'GET', '/webhooks/deliveries')).deliveries;
			expect(
				deliveries.filter(
					(d: any) => d.url === n8n.webhookUrl(`${webhookId}/webhook`) && d.status === 200,
				),
			).toHaveLength(1);
		});

		it('a forged callout gets 401 and starts nothing', async () => {
			const body = JSON.stringify({
				Action: 'Update',
				Guid: (await ourHooks())[0].webhookGUID,
				EntityType: 'Ticket',
				Id: ticketId,
				Fields: { status: '1' },
				EventTime: '2025-09-15T14:57:50Z',
				SequenceNumber: 999,
				PersonID: PERSON,
			});
			const forged = await n8n.http('POST', n8n.webhookUrl(`${webhookId}/webhook`), {
				raw: body,
				headers: {
					'content-type': 'application/json',
					'X-Hook-Signature': 'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=',
				},
			});
			const unsigned = await n8n.http('POST', n8n.webhookUrl(`${webhookId}/webhook`), {
				raw: body,
				headers: { 'content-type': 'application/json' },
			});
			expect([forged.status, unsigned.status]).toEqual([401, 401]);
			await delay(1500);
			expect(await n8n.executions(workflowId)).toHaveLength(1);
		});

		it(
			'10 restarts of n8n with the workflow active neither lose nor duplicate the webhook',
			async () => {
				const [hook] = await ourHooks();
				const allBefore = (await admin(sb, 'GET', '/records/TicketWebhooks')).items.length;
				for (let i = 1; i <= 10; i++) {
					await n8n.restart();
					const hooks = await ourHooks();
					expect({ restart: i, hooks: hooks.map((h) => h.id) }).toEqual({
						restart: i,
						hooks: [hook.id],
					});
				}
				expect((await admin(sb, 'GET', '/records/TicketWebhooks')).items).toHaveLength(allBefore);
				// Still receiving, with the secret it had: one more change, one more execution.
				const current = (await admin(sb, 'GET', `/records/Tickets/${ticketId}`)).item.status;
				await admin(sb, 'PATCH', `/records/Tickets/${ticketId}?personId=${PERSON}`, {
					status: current === 5 ? 1 : 5,
				});
				await admin(sb, 'POST', '/webhooks/idle');
				await n8n.waitForExecutions(workflowId, 2);
				await delay(1500);
				expect(await n8n.executions(workflowId)).toHaveLength(2);
			},
			15 * 60 * 1000,
		);

		it('deactivation deletes the webhook in Autotask: no orphan is left', async () => {
			await n8n.deactivate(workflowId);
			expect(await ourHooks()).toEqual([]);
			const gone = await n8n.http('POST', n8n.webhookUrl(`${webhookId}/webhook`), { body: {} });
			expect(gone.status).toBe(404);
		});
	});

	describe('when Autotask deactivates the webhook', () => {
		it('the workflow is told once, with a webhookDeactivated item, and n8n logs why', async () => {
			const r = await fetch(`${sb.baseUrl}V1.0/CompanyWebhookFields/entityInformation/fields`, {
				headers: {
					ApiIntegrationCode: sb.credentials.integrationCode,
					UserName: sb.credentials.username,
					Secret: sb.credentials.secret,
				},
			});
			const fields = (
				(await r.json()) as {
					fields: Array<{ name: string; picklistValues?: Array<{ label: string; value: string }> }>;
				}
			).fields;
			const nameField = Number(
				fields
					.find((f) => f.name === 'fieldID')!
					.picklistValues!.find((p) => p.label === 'companyName')!.value,
			);
			const webhookId = '5f0c2a1e-1111-4222-8333-944455557777';
			const wf = await n8n.importWorkflow(
				triggerWorkflow(
					'Company changed',
					cred,
					{ entity: 'company', events: ['created', 'updated'], subscribedFields: [nameField] },
					webhookId,
				),
			);
			liveTrigger = wf.id;
			await n8n.activate(wf.id);
			const [hook] = (await admin(sb, 'GET', '/records/CompanyWebhooks')).items.filter((h: any) =>
				String(h.webhookUrl).startsWith(n8n.url),
			);
			expect(hook).toMatchObject({
				isActive: true,
				deactivationUrl: n8n.webhookUrl(`${webhookId}/deactivation`),
			});
			const logAt = n8n.logs().length;
			await admin(sb, 'PATCH', `/records/CompanyWebhooks/${hook.id}?personId=${PERSON}`, {
				isActive: false,
			});
			await admin(sb, 'POST', '/webhooks/idle');
			const executions = await n8n.waitForExecutions(wf.id, 1);
			await delay(1500);
			expect(await n8n.executions(wf.id)).toHaveLength(1);
			expect(nodeRun(executions[0], 'Autotask Trigger').items.map((i) => i.json)).toEqual([
				expect.objectContaining({
					action: 'webhookDeactivated',
					entity: 'Company',
					webhookId: hook.id,
					webhookState: 'inactive',
					message: expect.stringMatching(/Autotask deactivated the webhook/),
				}),
			]);
			expect(strip(n8n.logs().slice(logAt))).toMatch(
				new RegExp(
					`Autotask Trigger: Autotask deactivated the webhook of this trigger \\(CompanyWebhooks ${hook.id}\\)`,
				),
			);
		});
	});

	describe('Autotask Poll Trigger', () => {
		it(
			'starts the workflow once for a task created after activation',
			async () => {
				const wf = await n8n.importWorkflow(
					pollWorkflow('New tasks', cred, {
						resource: 'task',
						watch: 'new',
						dateField: 'createDateTime',
					}),
				);
				const taskQueries = () =>
					sb.journal.filter((j) => j.method === 'POST' && /\/V1\.0\/Tasks\/query$/i.test(j.path));
				const before = taskQueries().length;
				await n8n.activate(wf.id);
				// n8n polls once on activation, then every minute: wait for the first scheduled poll to set the mark.
				const until = Date.now() + 150000;
				while (taskQueries().length < before + 2 && Date.now() < until) await delay(500);
				expect(taskQueries().length).toBeGreaterThanOrEqual(before + 2);
				expect(await n8n.executions(wf.id)).toHaveLength(0);
				const project = (await admin(sb, 'GET', '/records/Projects')).items[0];
				const created = await admin(
					sb,
					'POST',
					`/records/Tasks?parentId=${project.id}&personId=${PERSON}`,
					{ projectID: project.id, title: 'E2E: rack the new firewall', status: 1, taskType: 1 },
				);
				const taskId = created.item.id;
				const executions = await n8n.waitForExecutions(wf.id, 1, 150000);
				await n8n.deactivate(wf.id);
				expect(executions).toHaveLength(1);
				const items = nodeRun(executions[0], 'Autotask Poll Trigger').items;
				expect(items.map((i) => i.json.id)).toEqual([taskId]);
				expect(items[0].json).toMatchObject({
					title: 'E2E: rack the new firewall',
					projectID: project.id,
				});
			},
			6 * 60 * 1000,
		);
	});

	describe('no secret anywhere (issue 8.4)', () => {
		it('the API secret and every webhook secret appear in no n8n log line, execution, export or API answer', async () => {
			const webhookSecrets = [
				...new Set(
					sb.journal
						.filter(
							(j) =>
								j.method === 'POST' &&
								/Webhooks$/i.test(j.path) &&
								j.body &&
								typeof j.body === 'object',
						)
						.map((j) => String((j.body as Record<string, unknown>).secretKey ?? ''))
						.filter(Boolean),
				),
			];
			expect(webhookSecrets.length).toBeGreaterThanOrEqual(2);
			const secrets = [sb.credentials.secret, actionsSb.credentials.secret, ...webhookSecrets];
			// The search finds them where they are meant to be: in what Autotask (the sandbox) received.
			for (const s of webhookSecrets)
				expect(
					occurrences(JSON.stringify(sb.journal), s, 'sandbox journal').length,
				).toBeGreaterThan(0);
			// A trigger is active while n8n's data is exported, so its static data is in the export.
			expect(liveTrigger).toBeDefined();
			expect((await n8n.getWorkflow(liveTrigger!)).active).toBe(true);

			const out = path.join(n8n.userFolder, 'exports');
			fs.mkdirSync(out, { recursive: true });
			const cliLogs = [
				await n8n.cli(['export:workflow', '--all', `--output=${path.join(out, 'workflows.json')}`]),
				await n8n.cli([
					'export:credentials',
					'--all',
					`--output=${path.join(out, 'credentials.json')}`,
				]),
			];
			const executions: any[] = [];
			let cursor: string | undefined;
			do {
				const page = await n8n.api(
					'GET',
					`/executions?includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
				);
				executions.push(...page.data);
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			expect(executions.length).toBeGreaterThanOrEqual(DOCUMENTED_ACTIONS.length + 3);
			const workflows = await n8n.api('GET', '/workflows?limit=250');
			const haystacks: Record<string, string> = {
				'n8n log': strip(n8n.logs()),
				'CLI log': strip(cliLogs.join('\n')),
				'exported workflows': fs.readFileSync(path.join(out, 'workflows.json'), 'utf8'),
				'exported credentials': fs.readFileSync(path.join(out, 'credentials.json'), 'utf8'),
				'executions (public API)': JSON.stringify(executions, null, 1),
				'workflows (public API)': JSON.stringify(workflows, null, 1),
			};
			expect(haystacks['n8n log'].length).toBeGreaterThan(100000);
			const exported = JSON.parse(haystacks['exported workflows']) as Array<{
				id: string;
				staticData?: unknown;
			}>;
			expect(JSON.stringify(exported.find((w) => w.id === liveTrigger)?.staticData)).toMatch(
				/webhookId/,
			);
			const found = Object.entries(haystacks).flatMap(([label, text]) =>
				secrets.flatMap((s) => occurrences(text, s, label)),
			);
			expect(found).toEqual([]);
		});

		it('leaves no webhook behind in Autotask once every trigger is deactivated', async () => {
			await n8n.deactivate(liveTrigger!);
			for (const entity of [
				'CompanyWebhooks',
				'ContactWebhooks',
				'ConfigurationItemWebhooks',
				'TicketWebhooks',
				'TicketNoteWebhooks',
			]) {
				const orphans = (await admin(sb, 'GET', `/records/${entity}`)).items.filter((h: any) =>
					String(h.webhookUrl).startsWith(n8n.url),
				);
				expect({ entity, orphans }).toEqual({ entity, orphans: [] });
			}
		});
	});
});
