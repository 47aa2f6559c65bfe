/**
 * The workflow templates of docs/examples (issue #17) in real n8n against the demo sandbox, one n8n and
 * one sandbox for all: imported with the Autotask credential pointing at the sandbox and the OpenAI
 * credential at the model stand-in, started the way they start (a person's change in Autotask calling
 * out to the Autotask Trigger, a form submission, `n8n execute` for the scheduled ones) and checked by
 * the sandbox's records afterwards and what the chat / other-system receiver and the model received.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { JournalEntry } from '../../sandbox/journal.cjs';
import {
	addTemplateFixtures,
	AUTOTASK_TYPES,
	CLIENT_ID_UDF,
	loadExample,
	loadPayload,
	prepareExample,
	startChatReceiver,
	TEMPLATES,
	type ChatReceiver,
	type ReceivedRequest,
	editorFieldList,
} from '../../scripts/demo-examples.cjs';
import type { N8nInstance } from '../../scripts/n8n/harness.cjs';
import {
	messageText,
	startModelStandIn,
	type ModelStandIn,
	type Turn,
} from '../helpers/model-stand-in.cjs';
import {
	describeE2E,
	openAiStandInCredential,
	startN8nOnSandbox,
	type Credential,
} from './helpers.cjs';

const FABRIKAM = 175;
const CONTOSO = 174;
const PERSON = 29682886; // a technician of the demo seed, the "person" who works in Autotask
const ACCOUNT_MANAGER = 29682889; // Jordan Lee, owner of every demo company

let sb: Sandbox;
let n8n: N8nInstance;
let chat: ChatReceiver;
let model: ModelStandIn;
let fixtures: ReturnType<typeof addTemplateFixtures>;
const ids: Record<string, string> = {};
const started = Date.now();

const api = (path: string) => `/ATServicesRest/V1.0/${path}`;
function bodiesOf(method: string, path: string): Array<Record<string, unknown>> {
	return sb.journal
		.filter((e: JournalEntry) => e.method === method && e.path === api(path))
		.map((e) => e.body as Record<string, unknown>);
}
const chatTexts = () => chat.messages.map((m) => String((m.body as { text?: string }).text));

/** Every callout delivered, then waits until each workflow has `counts` finished executions. */
async function settle(counts: Record<string, number>): Promise<Record<string, any[]>> {
	await sb.webhooks.idle();
	const out: Record<string, any[]> = {};
	for (const [file, count] of Object.entries(counts))
		out[file] = await n8n.waitForExecutions(ids[file], count, 90_000);
	return out;
}
const newest = (executions: any[]) =>
	executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b), executions[0]);
/** "success", or the status with the failing node and n8n's error message. */
function outcome(execution: any): string {
	if (execution?.status === 'success') return 'success';
	const result = execution?.data?.resultData;
	return `${String(execution?.status)} in ${String(result?.lastNodeExecuted)}: ${String(result?.error?.message)} ${String(result?.error?.description ?? '')}`;
}

/**
 * The finished execution of a ticket-created template that the callout for `ticketId` started (waits for
 * it, 90 s at most): every ticket a test creates starts each of them, so counts alone do not say which.
 */
async function runForTicket(
	file: string,
	ticketId: number,
	trigger = 'Ticket created',
): Promise<any> {
	const end = Date.now() + 90_000;
	for (;;) {
		const run = (await n8n.executions(ids[file])).find(
			(e) =>
				(e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status))) &&
				e.data?.resultData?.runData?.[trigger]?.[0]?.data?.main?.[0]?.[0]?.json?.record?.id ===
					ticketId,
		);
		if (run) return run;
		if (Date.now() > end) throw new Error(`${file}: no finished execution for ticket ${ticketId}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * The suggested-reply template drafts a reply for every new ticket: a test that creates tickets scripts
 * this turn too (after its own), so no draft request goes unanswered.
 */
const draftTurn: Turn = {
	name: 'draft',
	system: /service desk technician/,
	reply: (request) =>
		`Hello, thank you for reporting this. (${/New ticket (\S+):/.exec(messageText(request.messages.at(-1)))?.[1]})`,
	times: Infinity,
};

/** Polls until check() is truthy (60 s at most). */
async function until(check: () => unknown): Promise<void> {
	const end = Date.now() + 60_000;
	while (!check()) {
		if (Date.now() > end) throw new Error(`still not so after 60 s: ${check.toString()}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** A change "by a person" in Autotask: what fires the webhooks. */
function asPerson<T>(fn: (opts: { personId: number }) => T): T {
	return fn({ personId: PERSON });
}

describeE2E('workflow templates in real n8n against the sandbox', () => {
	beforeAll(
		async () => {
			// As n8n.test.cts: the retry gap compressed, the callout timeout Autotask's 10 s.
			sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.01, webhookTimeoutMs: 10_000 });
			fixtures = addTemplateFixtures(sb.admin, sb.store);
			chat = await startChatReceiver();
			model = await startModelStandIn();
			let credential: Credential;
			({ n8n, credential } = await startN8nOnSandbox(sb));
			const openAiCredential = await openAiStandInCredential(n8n, model);
			for (const template of TEMPLATES) {
				const workflow = prepareExample(loadExample(template.file), {
					credential,
					openAiCredential,
					chatUrl: chat.url,
					otherSystemUrl: chat.origin,
				});
				ids[template.file] = (await n8n.importWorkflow(workflow)).id;
				// Scheduled ones are run with `n8n execute`; published they could fire mid-test at the top of the hour.
				if (!template.trigger.startsWith('Schedule')) {
					const published = await n8n.activate(ids[template.file]);
					expect(published.active).toBe(true);
				}
			}
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.stop();
		await chat?.close();
		await model?.close();
		await sb?.close();
		process.stdout.write(
			`templates e2e: ${((Date.now() - started) / 1000).toFixed(1)} s including n8n start\n`,
		);
	}, 60000);

	beforeEach(() => {
		sb.journal.splice(0);
		chat.messages.splice(0);
		chat.requests.splice(0);
		model.requests.splice(0);
	});

	test('publishing the webhook templates created their Autotask webhooks (ticket note, 5 × ticket), pointing at n8n', () => {
		const urls = (entity: string) =>
			sb.admin
				.list(entity)
				.filter((h) => String(h.webhookUrl).startsWith(n8n.url) && h.isActive)
				.map((h) => h.isSubscribedToCreateEvents);
		expect(urls('TicketNoteWebhooks')).toEqual([true]);
		expect(urls('TicketWebhooks')).toEqual([true, true, true, true, true]);
	});

	test('the editor loads the same field lists as the templates hold, so none shows "Fields are outdated"', async () => {
		for (const template of TEMPLATES) {
			const stored = await n8n.getWorkflow(ids[template.file]);
			for (const node of (stored.nodes as Array<Record<string, any>>).filter(
				(n) => AUTOTASK_TYPES.includes(String(n.type)) && n.parameters.fields,
			)) {
				const loaded = await editorFieldList(n8n, node);
				const pick = (f: Record<string, unknown>) => ({
					id: f.id,
					required: f.required,
					type: f.type,
					options: f.options,
				});
				const schema = node.parameters.fields.schema as Array<Record<string, unknown>>;
				expect([template.file, node.name, schema.map(pick)]).toEqual([
					template.file,
					node.name,
					loaded.map(pick),
				]);
				const shown = schema.filter((f) => f.removed === false).map((f) => f.id);
				expect([node.name, shown.sort()]).toEqual([
					node.name,
					Object.keys(node.parameters.fields.value).sort(),
				]);
			}
		}
	});

	describe('ticket-sentiment-escalation', () => {
		test('an upset note from a contact raises the ticket to High and tells the account manager; a calm one changes nothing', async () => {
			model.script([
				{
					name: 'upset',
					system: /support tickets/,
					lastMessage: /unacceptable/i,
					// as models often answer: in a code fence
					reply: '```json\n{"sentiment": "Upset", "strength": 0.9, "confidence": 0.95}\n```',
				},
				{
					name: 'calm',
					system: /support tickets/,
					reply: '{"sentiment":"Positive","strength":0.8,"confidence":0.9}',
				},
			]);
			const [upsetTicket, calmTicket] = sb.admin
				.list('Tickets', (t) => t.companyID === FABRIKAM && t.priority !== 1)
				.slice(0, 2);
			const contact = sb.admin.list('Contacts', (c) => c.companyID === FABRIKAM)[0];
			asPerson((opts) =>
				sb.admin.create(
					'TicketNotes',
					{
						ticketID: upsetTicket.id,
						title: 'Still broken',
						description: 'This is unacceptable, the third time this week. We are losing clients.',
						noteType: 18,
						publish: 1,
						createdByContactID: contact.id,
					},
					opts,
				),
			);
			const runs = await settle({ 'ticket-sentiment-escalation': 1 });
			expect(outcome(newest(runs['ticket-sentiment-escalation']))).toBe('success');
			expect(sb.admin.get('Tickets', upsetTicket.id)).toMatchObject({ priority: 1 });
			expect(bodiesOf('PATCH', 'Tickets')).toEqual([{ id: upsetTicket.id, priority: 1 }]);
			const manager = sb.admin.get('Resources', ACCOUNT_MANAGER)!;
			expect(chatTexts()).toEqual([
				`😟 Jordan Lee (${String(manager.email)}): Fabrikam Legal LLP sounds upset on ticket ${String(upsetTicket.ticketNumber)} (${String(upsetTicket.title)}). Priority raised to High.\nTheir note: This is unacceptable, the third time this week. We are losing clients.`,
			]);
			const [asked] = model.chats();
			expect(messageText(asked.messages.at(-1))).toContain('Still broken');
			expect(asked.stream).toBeFalsy();

			sb.journal.splice(0);
			chat.messages.splice(0);
			asPerson((opts) =>
				sb.admin.create(
					'TicketNotes',
					{
						ticketID: calmTicket.id,
						title: 'Thanks',
						description: 'Works again, thank you!',
						noteType: 18,
						publish: 1,
						createdByContactID: contact.id,
					},
					opts,
				),
			);
			// and a technician's note is not read at all
			asPerson((opts) =>
				sb.admin.create(
					'TicketNotes',
					{
						ticketID: calmTicket.id,
						title: 'Called',
						description: 'This is unacceptable',
						noteType: 1,
						publish: 1,
					},
					opts,
				),
			);
			await settle({ 'ticket-sentiment-escalation': 3 });
			expect(sb.admin.get('Tickets', calmTicket.id)!.priority).toBe(calmTicket.priority);
			expect(bodiesOf('PATCH', 'Tickets')).toEqual([]);
			expect(chat.messages).toEqual([]);
			expect(model.requests.map((r) => r.turn)).toEqual(['upset', 'calm']);
		});
	});

	describe('ticket created: configuration-item-from-contact and suggested-reply-note', () => {
		let runs = 0;
		beforeEach(() => model.script([draftTurn]));

		test("the contact's only device is set on the ticket, and an AI-drafted reply is added as an internal note", async () => {
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: FABRIKAM,
						contactID: fixtures.oneDeviceContact,
						title: 'Laptop will not boot',
						description: 'Black screen after the update.',
						status: 1,
						priority: 2,
						queueID: 29682833,
					},
					opts,
				),
			);
			runs++;
			const done = await settle({
				'configuration-item-from-contact': runs,
				'suggested-reply-note': runs,
			});
			for (const executions of Object.values(done))
				expect(newest(executions).status).toBe('success');
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({
				configurationItemID: fixtures.devices[0],
			});
			expect(bodiesOf('POST', 'ConfigurationItems/query')[0]).toEqual(
				expect.objectContaining({
					filter: [
						{ op: 'eq', field: 'contactID', value: fixtures.oneDeviceContact },
						{ op: 'eq', field: 'isActive', value: true },
					],
				}),
			);
			const notes = sb.admin.list('TicketNotes', (n) => n.ticketID === ticket.id);
			expect(notes).toEqual([
				expect.objectContaining({
					title: 'Suggested first reply (AI draft)',
					description: `Hello, thank you for reporting this. (${String(ticket.ticketNumber)})`,
					noteType: 13,
					publish: 3,
				}),
			]);
			// the model saw the ticket and the company's other recent tickets
			const prompt = messageText(model.chats()[0].messages.at(-1));
			expect(prompt).toContain('Laptop will not boot');
			expect(prompt).toContain('Black screen after the update.');
			const others = sb.admin.list(
				'Tickets',
				(t) => t.companyID === FABRIKAM && t.id !== ticket.id,
			);
			expect(others.length).toBeGreaterThan(0);
			expect(prompt).toContain(`- ${String(others[0].title)}`);
			expect(bodiesOf('POST', 'Tickets/query')[0]).toMatchObject({
				filter: [
					{ op: 'eq', field: 'companyID', value: FABRIKAM },
					{ op: 'noteq', field: 'id', value: ticket.id },
				],
				MaxRecords: 5,
			});
		});

		test('with several devices the ticket keeps none and an internal note lists them', async () => {
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: CONTOSO,
						contactID: fixtures.twoDeviceContact,
						title: 'Cannot print',
						description: 'Nothing comes out.',
						status: 1,
						priority: 2,
						queueID: 29682833,
					},
					opts,
				),
			);
			runs++;
			await settle({ 'configuration-item-from-contact': runs, 'suggested-reply-note': runs });
			expect(sb.admin.get('Tickets', ticket.id)!.configurationItemID ?? null).toBeNull();
			expect(bodiesOf('PATCH', 'Tickets')).toEqual([]);
			const notes = sb.admin.list(
				'TicketNotes',
				(n) => n.ticketID === ticket.id && n.title === 'Which device?',
			);
			expect(notes).toHaveLength(1);
			expect(notes[0]).toMatchObject({ noteType: 13, publish: 3 });
			expect(String(notes[0].description)).toBe(
				[
					'The contact has 2 configuration items; set the one this ticket is about:',
					`- CONTOSO-LT-LUIS (ID ${fixtures.devices[1]})`,
					`- CONTOSO-PC-LUIS (ID ${fixtures.devices[2]})`,
				].join('\n'),
			);
		});
	});

	describe('form-answers-to-ticket', () => {
		test('the form finds the ticket by its number, attaches the file and adds the answers as a note', async () => {
			const ticket = sb.admin.list('Tickets', (t) => t.companyID === CONTOSO)[0];
			const file = Buffer.from('event log excerpt\nERROR 42 at 09:14\n');
			const form = new FormData();
			form.append('field-0', ` ${String(ticket.ticketNumber)} `);
			form.append('field-1', 'Dana Whitfield');
			form.append('field-2', 'The app crashed twice after lunch.');
			form.append('field-3', new Blob([file], { type: 'text/plain' }), 'eventlog.txt');
			const answer = await fetch(`${n8n.url}/form/ticket-details`, { method: 'POST', body: form });
			expect(answer.status).toBe(200);
			const [execution] = await n8n.waitForExecutions(ids['form-answers-to-ticket'], 1, 60_000);
			expect(outcome(execution)).toBe('success');
			expect(bodiesOf('POST', 'Tickets/query')[0]).toMatchObject({
				filter: [{ op: 'eq', field: 'ticketNumber', value: ticket.ticketNumber }],
			});
			const attachments = sb.admin.list('TicketAttachments', (a) => a.fullPath === 'eventlog.txt');
			expect(attachments.map((a) => a.ticketID ?? a.parentID)).toEqual([ticket.id]);
			expect(attachments).toEqual([
				expect.objectContaining({
					title: 'From Dana Whitfield: eventlog.txt',
					publish: 1,
					data: file.toString('base64'),
				}),
			]);
			const notes = sb.admin.list(
				'TicketNotes',
				(n) => n.ticketID === ticket.id && n.title === 'Form answers from Dana Whitfield',
			);
			expect(notes).toEqual([
				expect.objectContaining({
					description: 'What happened: The app crashed twice after lunch.\nAttached: eventlog.txt',
					noteType: 1,
					publish: 1,
				}),
			]);
		});
	});

	describe('stale-ticket-escalation', () => {
		test('n8n execute: one chat message lists every open ticket without activity for 2 days, with links', async () => {
			const limit = Date.now() - 2 * 86_400_000;
			const stale = sb.admin
				.list(
					'Tickets',
					(t) =>
						t.status !== 5 &&
						Date.parse(`${String(t.lastActivityDate).replace(/Z?$/, 'Z')}`) < limit,
				)
				.sort((a, b) => a.id - b.id);
			expect(stale.length).toBeGreaterThan(2);
			await n8n.cli(['execute', `--id=${ids['stale-ticket-escalation']}`]);
			const [query] = bodiesOf('POST', 'Tickets/query');
			expect(query.filter).toEqual([
				{ op: 'noteq', field: 'status', value: 5 },
				{ op: 'lt', field: 'lastActivityDate', value: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
			]);
			const texts = chatTexts();
			expect(texts).toHaveLength(1);
			const lines = texts[0].split('\n');
			expect(lines[0]).toBe(`⏰ ${stale.length} open ticket(s) without activity for 2 days:`);
			const listed = lines.slice(1).map((l) => /ticketId=(\d+)\)/.exec(l)?.[1]);
			expect(listed.map(Number).sort((a, b) => a - b)).toEqual(stale.map((t) => t.id));
			const first = stale[0];
			expect(lines).toContain(
				`- [${String(first.ticketNumber)}](https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId=${first.id}) ${String(first.title)} (${labelOf(
					first.status as number,
				)}, last activity ${String(first.lastActivityDate).slice(0, 10)})`,
			);
		});
	});

	describe('customers-to-client-system', () => {
		test('n8n execute: each active Customer company is PUT to the other system by its ID, and the ID it answers is written to the External Client ID UDF', async () => {
			const clients = new Map<string, Record<string, unknown>>();
			chat.routes = [
				(r: ReceivedRequest) => {
					const m = /^\/api\/clients\/by-autotask-id\/(\d+)$/.exec(r.path);
					if (!m || r.method !== 'PUT') return undefined;
					const existing = clients.get(m[1]);
					const client = { ...(r.body as object), id: existing?.id ?? `CL-${1000 + clients.size}` };
					clients.set(m[1], client);
					return { status: existing ? 200 : 201, body: client };
				},
			];
			const customers = sb.admin
				.list('Companies', (c) => c.companyType === 1 && c.isActive === true)
				.map((c) => c.id)
				.sort();
			expect(customers).toEqual([CONTOSO, FABRIKAM]);
			await n8n.cli(['execute', `--id=${ids['customers-to-client-system']}`]);
			expect(bodiesOf('POST', 'Companies/query')[0]).toMatchObject({
				filter: [
					{ op: 'eq', field: 'companyType', value: 1 },
					{ op: 'eq', field: 'isActive', value: true },
				],
			});
			expect(chat.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
				customers.map((id) => `PUT /api/clients/by-autotask-id/${id}`),
			);
			expect(clients.get(String(CONTOSO))).toMatchObject({
				autotaskId: CONTOSO,
				name: 'Contoso Dental Group',
				city: 'Seattle',
			});
			for (const id of customers) {
				const udfs = sb.admin.get('Companies', id)!.userDefinedFields as Array<{
					name: string;
					value: unknown;
				}>;
				expect(udfs.find((u) => u.name === CLIENT_ID_UDF)?.value).toBe(clients.get(String(id))!.id);
			}
			// a second night updates the same clients and writes the same IDs
			await n8n.cli(['execute', `--id=${ids['customers-to-client-system']}`]);
			expect(clients.size).toBe(2);
		});
	});

	describe('alert-deduplication', () => {
		const alert = loadPayload('rmm-alert-dedup.json');
		const post = async (body: Record<string, unknown>) => {
			const answer = await fetch(n8n.webhookUrl('rmm-alert-dedup'), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			if (answer.status !== 200) {
				const failed = newest(await n8n.executions(ids['alert-deduplication']));
				expect(outcome(failed)).toBe('success');
			}
			expect(answer.status).toBe(200);
		};
		const title = `[RMM] ${String(alert.device)}: ${String(alert.message)}`;
		const alertTickets = () =>
			sb.admin.list('Tickets', (t) => t.title === title).sort((a, b) => a.id - b.id);

		test('three identical alerts make one ticket and two "repeated" notes; resolved completes it; the next alert opens a new one', async () => {
			expect(alertTickets()).toEqual([]);
			for (let n = 0; n < 3; n++) await post(alert);
			const [ticket, ...others] = alertTickets();
			expect(others).toEqual([]);
			expect(ticket).toMatchObject({ companyID: CONTOSO, status: 1, priority: 1 });
			// (the other ticket-created templates may add their own notes)
			const repeated = (id: number) =>
				sb.admin.list('TicketNotes', (n) => n.ticketID === id && n.title === 'Alert repeated');
			const notes = repeated(ticket.id);
			expect(notes).toHaveLength(2);
			expect(notes[0]).toMatchObject({
				description: `Repeated at ${String(alert.raisedAt)}: ${String(alert.message)}`,
				noteType: 13,
				publish: 3,
			});
			// each alert asked for the open tickets with this title on Contoso
			const queries = bodiesOf('POST', 'Tickets/query');
			expect(queries[0]).toMatchObject({
				filter: expect.arrayContaining([
					{ op: 'eq', field: 'title', value: title },
					{ op: 'eq', field: 'companyID', value: CONTOSO },
					{ op: 'noteq', field: 'status', value: 5 },
				]),
			});
			expect(bodiesOf('POST', 'Tickets')).toHaveLength(1);

			await post({ ...alert, status: 'resolved' });
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({ status: 5 });

			await post(alert);
			const after = alertTickets();
			expect(after).toHaveLength(2);
			expect(after[1]).toMatchObject({ status: 1, companyID: CONTOSO });
			expect(repeated(after[1].id)).toEqual([]);
			const runs = await n8n.waitForExecutions(ids['alert-deduplication'], 5, 30_000);
			expect(runs.map(outcome)).toEqual(Array(5).fill('success'));
		});
	});

	describe('new-user-request-form', () => {
		test('a new user ticket gets a note with the form link; two answers make one contact (created, then updated), set the ticket In Progress and add two notes', async () => {
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: FABRIKAM,
						title: 'New user starting Monday',
						description: 'Please set up an account.',
						status: 1,
						priority: 2,
						queueID: 29682833,
					},
					opts,
				),
			);
			await sb.webhooks.idle();
			const noteTitled = (title: string) =>
				sb.admin.list('TicketNotes', (n) => n.ticketID === ticket.id && n.title === title);
			await until(() => noteTitled('New user form').length);
			expect(noteTitled('New user form')[0].description).toBe(
				`Please tell us about the new user: https://n8n.example.com/form/new-user?ticket_number=${String(ticket.ticketNumber)}`,
			);
			const email = 'robin.new@fabrikam.example';
			const submit = async (phone: string) => {
				const form = new FormData();
				form.append('field-0', String(ticket.ticketNumber));
				form.append('field-1', 'Robin');
				form.append('field-2', 'Newman');
				form.append('field-3', email);
				form.append('field-4', phone);
				form.append('field-5', '2027-01-04');
				const answer = await fetch(`${n8n.url}/form/new-user`, { method: 'POST', body: form });
				expect(answer.status).toBe(200);
			};
			await submit('+1 206 555 0100');
			await until(() => noteTitled('New user request').length === 1);
			await submit('+1 206 555 0199');
			await until(() => noteTitled('New user request').length === 2);
			const contacts = sb.admin.list('Contacts', (c) => c.emailAddress === email);
			expect(contacts).toEqual([
				expect.objectContaining({
					companyID: FABRIKAM,
					firstName: 'Robin',
					lastName: 'Newman',
					phone: '+1 206 555 0199',
					isActive: 1,
				}),
			]);
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({ status: 8 });
			expect(
				noteTitled('New user request').map((n) => String(n.description).split('\n')[0]),
			).toEqual([
				`New user: Robin Newman <${email}> (contact ${contacts[0].id}, created)`,
				`New user: Robin Newman <${email}> (contact ${contacts[0].id}, updated)`,
			]);
		});
	});

	describe('offboarding-request-form', () => {
		test('an offboarding ticket gets a note with the form link; the answer deactivates the contact (one write), sets the ticket In Progress and adds a note', async () => {
			const file = 'offboarding-request-form';
			const contact = sb.admin.list(
				'Contacts',
				(c) => c.companyID === CONTOSO && Boolean(c.emailAddress) && Boolean(c.isActive),
			)[0];
			expect(
				sb.admin.list('Contacts', (c) => c.emailAddress === contact.emailAddress),
			).toHaveLength(1);
			const before = (await n8n.executions(ids[file])).length;
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: CONTOSO,
						title: 'Offboarding: an employee leaves',
						description: 'Please remove their access.',
						status: 1,
						priority: 2,
						queueID: 29682833,
					},
					opts,
				),
			);
			// (tickets of the tests before also start this workflow: wait for what this one does)
			await sb.webhooks.idle();
			await until(
				() =>
					sb.admin.list(
						'TicketNotes',
						(n) => n.ticketID === ticket.id && n.title === 'Offboarding form',
					).length,
			);
			const link = `https://n8n.example.com/form/offboarding?ticket_number=${String(ticket.ticketNumber)}`;
			expect(
				sb.admin.list(
					'TicketNotes',
					(n) => n.ticketID === ticket.id && n.title === 'Offboarding form',
				),
			).toEqual([
				expect.objectContaining({
					title: 'Offboarding form',
					description: `Please tell us who is leaving: ${link}`,
				}),
			]);

			sb.journal.splice(0);
			const form = new FormData();
			form.append('field-0', String(ticket.ticketNumber));
			form.append('field-1', ` ${String(contact.emailAddress)} `);
			form.append('field-2', String(contact.firstName));
			form.append('field-3', String(contact.lastName));
			form.append('field-4', '2026-12-31');
			form.append('field-5', 'Laptop comes back by courier.');
			const answer = await fetch(`${n8n.url}/form/offboarding`, { method: 'POST', body: form });
			expect(answer.status).toBe(200);
			await until(
				() =>
					sb.admin.list(
						'TicketNotes',
						(n) => n.ticketID === ticket.id && n.title === 'Offboarding request',
					).length,
			);
			const runs = await n8n.waitForExecutions(ids[file], before + 2, 60_000);
			expect(outcome(newest(runs))).toBe('success');
			// The contact keeps its own name: the form asks for it, so an update never renames anyone.
			expect(sb.admin.get('Contacts', contact.id)).toMatchObject({
				isActive: 0,
				firstName: contact.firstName,
				lastName: contact.lastName,
			});
			expect(bodiesOf('POST', `Companies/${CONTOSO}/Contacts`)).toEqual([]);
			expect(bodiesOf('PATCH', `Companies/${CONTOSO}/Contacts`)).toHaveLength(1);
			expect(
				sb.admin.list('Contacts', (c) => c.emailAddress === contact.emailAddress),
			).toHaveLength(1);
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({ status: 8 });
			const notes = sb.admin.list(
				'TicketNotes',
				(n) => n.ticketID === ticket.id && n.title === 'Offboarding request',
			);
			expect(notes).toHaveLength(1);
			expect(String(notes[0].description)).toBe(
				`Leaving: ${String(contact.emailAddress)} (contact ${contact.id}, updated, now inactive)\nLast working day: 2026-12-31\nNotes: Laptop comes back by courier.`,
			);
		});
	});

	describe('ticket-categorisation', () => {
		const file = 'ticket-categorisation';
		const TRIAGE = 29683480;
		const LEVEL_II = 29682969;
		const categorise: Turn = {
			name: 'categorise',
			system: /triage new tickets/,
			lastMessage: /VPN/,
			// as models often answer: in a code fence
			reply:
				'```json\n{"queue": "Level II Support", "priority": "High", "issueType": "Network", "subIssueType": "VPN", "reasoning": "Everyone working from home loses the VPN: a network problem for Level II."}\n```',
		};
		const categorised = () => model.requests.filter((r) => r.turn === 'categorise');

		test('a new ticket in Triage gets the queue, priority, issue type and sub-issue type the model chose, by label, and an internal note with its reasoning', async () => {
			model.script([categorise, draftTurn]);
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: CONTOSO,
						title: 'VPN drops every few minutes',
						description:
							'Since this morning nobody working from home stays connected to the office.',
						status: 1,
						priority: 3,
						queueID: TRIAGE,
					},
					opts,
				),
			);
			await sb.webhooks.idle();
			expect(outcome(await runForTicket(file, ticket.id))).toBe('success');
			// (the suggested-reply template answers every new ticket too: let it finish)
			await runForTicket('suggested-reply-note', ticket.id);

			// Level II Support, High, Network, VPN: the labels as the model gave them, sent as Autotask's values
			expect(bodiesOf('PATCH', 'Tickets')).toEqual([
				{ id: ticket.id, queueID: LEVEL_II, priority: 1, issueType: 3, subIssueType: 32 },
			]);
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({
				queueID: LEVEL_II,
				priority: 1,
				issueType: 3,
				subIssueType: 32,
			});
			expect(
				sb.admin.list(
					'TicketNotes',
					(n) => n.ticketID === ticket.id && n.title === 'AI categorisation',
				),
			).toEqual([
				expect.objectContaining({
					description:
						'Network / VPN, priority High, queue Level II Support.\n\nWhy: Everyone working from home loses the VPN: a network problem for Level II.',
					noteType: 13,
					publish: 3,
				}),
			]);
			// the model was asked once, with the ticket's title and description, and told the labels it may use
			expect(categorised()).toHaveLength(1);
			const asked = categorised()[0].body!;
			expect(messageText(asked.messages.at(-1))).toBe(
				'Title: VPN drops every few minutes\n\nDescription: Since this morning nobody working from home stays connected to the office.',
			);
			const system = asked.messages
				.filter((m) => m.role === 'system')
				.map(messageText)
				.join('\n');
			for (const label of ['Level II Support', 'Critical', 'Network', 'Line of Business App'])
				expect(system).toContain(`"${label}"`);
		});

		test('a new ticket in another queue stops at "In Triage?": the model is not asked and the ticket is not changed', async () => {
			model.script([categorise, draftTurn]);
			const ticket = asPerson((opts) =>
				sb.admin.create(
					'Tickets',
					{
						companyID: CONTOSO,
						title: 'VPN client needs an update',
						description: 'The VPN client asks to be updated.',
						status: 1,
						priority: 3,
						queueID: 29682833,
					},
					opts,
				),
			);
			await sb.webhooks.idle();
			const run = await runForTicket(file, ticket.id);
			expect(outcome(run)).toBe('success');
			expect(Object.keys(run.data.resultData.runData).sort()).toEqual([
				'In Triage?',
				'Ticket created',
			]);
			await runForTicket('suggested-reply-note', ticket.id);
			expect(categorised()).toEqual([]);
			expect(bodiesOf('PATCH', 'Tickets')).toEqual([]);
			expect(sb.admin.get('Tickets', ticket.id)).toMatchObject({
				queueID: 29682833,
				priority: 3,
			});
			expect(
				sb.admin.list(
					'TicketNotes',
					(n) => n.ticketID === ticket.id && n.title === 'AI categorisation',
				),
			).toEqual([]);
		});
	});

	test('every template run above finished without an error in n8n', async () => {
		for (const template of TEMPLATES) {
			const executions = await n8n.executions(ids[template.file]);
			expect([template.file, executions.length > 0]).toEqual([template.file, true]);
			expect([
				template.file,
				executions.filter((e) => e.status !== 'success').map(outcome),
			]).toEqual([template.file, []]);
		}
		for (const template of TEMPLATES)
			for (const node of loadExample(template.file).nodes.filter((n) =>
				AUTOTASK_TYPES.includes(String(n.type)),
			))
				expect(node.credentials).toEqual({
					autotaskApi: { id: 'autotaskAccount01', name: 'Autotask account' },
				});
	});
});

function labelOf(status: number): string {
	return (
		(
			{
				1: 'New',
				5: 'Complete',
				7: 'Waiting Customer',
				8: 'In Progress',
				12: 'Waiting Vendor',
			} as Record<number, string>
		)[status] ?? String(status)
	);
}
