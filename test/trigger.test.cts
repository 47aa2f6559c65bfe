/**
 * Autotask Trigger against the sandbox: webhook lifecycle, signed callouts on the raw body, refusals,
 * deactivation, restarts and stale webhooks.
 */
import { createHmac, scryptSync } from 'node:crypto';

import { computeSignature, verifySignature } from '../nodes/AutotaskTrigger/signature';
import { calloutToItem } from '../nodes/AutotaskTrigger/callout';
import { entityOfCallout } from '../nodes/AutotaskTrigger/webhook-entities';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { makeCredentials } from './helpers/n8n-context.cjs';
import { createTriggerHarness, type TriggerHarness } from './helpers/trigger-context.cjs';

const VECTOR_BODY =
	'{"Action":"Update","Guid":"a1da62a4-2c49-40a8-8183-69994ce5b3eb","EntityType":"Ticket","Id":351181,"Fields":{"title":"Caf\\u00E9 \\u0026 \\u003Cb\\u003E\\u0022quoted\\u0022\\u003C/b\\u003E it\\u0027s 1\\u002B1 \\u0060x\\u0060"},"EventTime":"2025-09-15T14:57:50Z","SequenceNumber":1,"PersonID":30691780}';
const PERSON = 29682886;

describe('signature: sha1= base64 HMAC-SHA1 of the body with the webhook secret', () => {
	it('matches the test vector on the raw bytes', () => {
		expect(computeSignature('testsecret123', Buffer.from(VECTOR_BODY, 'utf8'))).toBe(
			'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=',
		);
		expect(
			verifySignature(
				'testsecret123',
				Buffer.from(VECTOR_BODY),
				'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=',
			),
		).toBe(true);
	});
	it('refuses a re-serialised body, a wrong or missing signature, and no secret', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(VECTOR_BODY)));
		expect(
			verifySignature('testsecret123', reserialised, 'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo='),
		).toBe(false);
		expect(computeSignature('testsecret123', reserialised)).toBe(
			'sha1=JCAPP7+4bfoCewNJMSSFbH/jJ/0=',
		);
		expect(verifySignature('testsecret123', Buffer.from(VECTOR_BODY), 'sha1=AAAA')).toBe(false);
		expect(verifySignature('testsecret123', Buffer.from(VECTOR_BODY), undefined)).toBe(false);
		expect(
			verifySignature(undefined, Buffer.from(VECTOR_BODY), 'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo='),
		).toBe(false);
	});
	it('maps legacy and REST EntityType names', () => {
		expect(entityOfCallout('Account')?.label).toBe('Company');
		expect(entityOfCallout('InstalledProduct')?.label).toBe('Configuration Item');
		expect(entityOfCallout('ConfigurationItems')?.label).toBe('Configuration Item');
		expect(entityOfCallout('TicketNote')?.label).toBe('Ticket Note');
		expect(entityOfCallout('Companies')?.label).toBe('Company');
		expect(calloutToItem(JSON.parse(VECTOR_BODY))).toMatchObject({
			action: 'updated',
			entity: 'Ticket',
			id: 351181,
			sequenceNumber: 1,
			personId: 30691780,
		});
	});
});

describe('Autotask Trigger against the sandbox', () => {
	let sb: Sandbox;
	let h: TriggerHarness;
	let statusField: number;
	let titleField: number;
	let udfField: number;
	let excluded: number;
	const extra: TriggerHarness[] = [];

	const credentials = () =>
		makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });
	const hooks = (kind: string) => [...sb.store.all(kind)];
	/** The secret Autotask holds for the harness's webhook (the node keeps only a nonce) */
	const hookSecret = (x: TriggerHarness) =>
		String(sb.store.get('TicketWebhook', Number(x.staticData.webhookId))!.secretKey);
	const hookCalls = () =>
		sb.journal.filter((j) => /Webhook/i.test(j.path) && !/entityInformation/i.test(j.path));

	async function harness(
		parameters: Record<string, unknown>,
		more: { staticData?: Record<string, unknown>; workflowId?: string; port?: number } = {},
	) {
		const x = await createTriggerHarness({
			credentials: credentials(),
			parameters: parameters as never,
			...more,
		} as never);
		extra.push(x);
		return x;
	}

	beforeAll(async () => {
		// The retry gap is compressed; the callout timeout stays Autotask's 10 s, so a receiver slowed by a busy
		// machine (Fetch Full Record reads the record before answering) is never retried behind its back.
		sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.002, webhookTimeoutMs: 10_000 });
		const probe = await harness({ entity: 'ticket' });
		const fields = await probe.node.methods.loadOptions.getWebhookFields.call(probe.loadOptions());
		statusField = Number(fields.find((f) => f.description === 'status')!.value);
		titleField = Number(fields.find((f) => f.description === 'title')!.value);
		const udfs = await probe.node.methods.loadOptions.getWebhookUdfFields.call(probe.loadOptions());
		expect(udfs.length).toBeGreaterThan(0);
		udfField = Number(udfs[0].value);
		const resources = await probe.node.methods.loadOptions.getResources.call(probe.loadOptions());
		excluded = Number(resources.find((r) => r.value !== PERSON)!.value);
	});
	afterAll(async () => {
		for (const x of extra) await x.close();
		await sb.close();
	});
	beforeEach(async () => {
		sb.journal.splice(0);
		h = await harness({
			entity: 'ticket',
			events: ['created', 'updated', 'deleted'],
			subscribedFields: [statusField],
			alwaysSendFields: [titleField],
			udfSubscribedFields: [udfField],
			udfAlwaysSendFields: [],
			excludedResources: [excluded],
			notificationEmail: 'ops@example.com',
			sendThresholdExceededNotification: true,
			options: { fetchFullRecord: true },
		});
	});
	afterEach(async () => {
		if (h.staticData.webhookId !== undefined)
			await h.node.webhookMethods.default.delete.call(h.hooks());
	});

	it('loadOptions: ticket UDF fields exist, Ticket Note has none', async () => {
		const note = await harness({ entity: 'ticketNote' });
		expect(
			await note.node.methods.loadOptions.getWebhookUdfFields.call(note.loadOptions()),
		).toEqual([]);
		expect(
			(await note.node.methods.loadOptions.getWebhookFields.call(note.loadOptions())).length,
		).toBeGreaterThan(0);
	});

	it('activation creates exactly the configured webhook, fields, UDF fields and exclusions, one request at a time', async () => {
		expect(await h.node.webhookMethods.default.checkExists.call(h.hooks())).toBe(false);
		expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
		const calls = hookCalls().map((j) => ({
			method: j.method,
			path: j.path.replace('/ATServicesRest', ''),
			body: j.body,
		}));
		const id = Number(h.staticData.webhookId);
		const secret = hookSecret(h);
		expect(secret.length).toBeGreaterThanOrEqual(32);
		expect(JSON.stringify(h.staticData)).not.toContain(secret); // static data (exported with the workflow) holds only a nonce
		expect(calls).toEqual([
			{
				method: 'POST',
				path: '/V1.0/TicketWebhooks/query',
				body: expect.objectContaining({
					filter: [{ op: 'beginsWith', field: 'name', value: 'n8n wf0123456789abcd a1b2c3d4' }],
				}),
			},
			{
				method: 'POST',
				path: '/V1.0/TicketWebhooks',
				body: {
					name: 'n8n wf0123456789abcd a1b2c3d4',
					webhookUrl: h.webhookUrl('default'),
					deactivationUrl: h.webhookUrl('deactivation'),
					secretKey: secret,
					isActive: true,
					isSubscribedToCreateEvents: true,
					isSubscribedToUpdateEvents: true,
					isSubscribedToDeleteEvents: true,
					sendThresholdExceededNotification: true,
					notificationEmailAddress: 'ops@example.com',
				},
			},
			...[statusField, titleField]
				.sort((a, b) => a - b)
				.map((fieldID) => ({
					method: 'POST',
					path: `/V1.0/TicketWebhooks/${id}/Fields`,
					body: {
						webhookID: id,
						fieldID,
						isSubscribedField: fieldID === statusField,
						isDisplayAlwaysField: fieldID === titleField,
					},
				})),
			{
				method: 'POST',
				path: `/V1.0/TicketWebhooks/${id}/UdfFields`,
				body: {
					webhookID: id,
					udfFieldID: udfField,
					isSubscribedField: true,
					isDisplayAlwaysField: false,
				},
			},
			{
				method: 'POST',
				path: `/V1.0/TicketWebhooks/${id}/ExcludedResources`,
				body: { webhookID: id, resourceID: excluded },
			},
			{ method: 'GET', path: `/V1.0/TicketWebhooks/${id}`, body: undefined },
		]);
		// one at a time: each request was answered before the next arrived
		const journal = hookCalls();
		for (let i = 1; i < journal.length; i++) expect(journal[i].at >= journal[i - 1].at).toBe(true);
		expect(hooks('TicketWebhook')).toHaveLength(1);
		expect(hooks('TicketWebhookField')).toHaveLength(2);
		expect(hooks('TicketWebhookUdfField')).toHaveLength(1);
		expect(hooks('TicketWebhookExcludedResource')).toHaveLength(1);
		expect(h.staticData).toMatchObject({
			webhookId: id,
			webhookEntity: 'ticket',
			guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
	});

	it('one change in Autotask gives one signed callout and one item with the right data', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		const ticket = sb.store.get('Ticket', 7001)!;
		const newStatus = Number(ticket.status) === 5 ? 1 : 5;
		sb.admin.update('Tickets', 7001, { status: newStatus }, { personId: PERSON });
		await sb.webhooks.idle();
		expect(h.received).toHaveLength(1);
		expect(h.received[0]).toMatchObject({ status: 200, started: true });
		expect(h.outputs).toHaveLength(1);
		expect(h.outputs[0]).toHaveLength(1);
		const json = h.outputs[0][0].json;
		expect(json).toMatchObject({
			action: 'updated',
			entity: 'Ticket',
			id: 7001,
			fields: { status: String(newStatus), title: String(ticket.title) },
			sequenceNumber: 1,
			personId: PERSON,
			webhookGuid: h.staticData.guid,
		});
		expect(json.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(json.record).toMatchObject({ id: 7001, status: newStatus });
		// a change by an excluded resource calls nothing
		sb.admin.update(
			'Tickets',
			7001,
			{ status: Number(ticket.status) === 5 ? 5 : 1 },
			{ personId: excluded },
		);
		await sb.webhooks.idle();
		expect(h.received).toHaveLength(1);
	});

	it('with Fetch Full Record on a slow Autotask (each answer takes 60 ms) one change still gives one callout and one item (issue 14 point 17)', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		sb.settings.latencyMs = 60;
		try {
			sb.admin.update(
				'Tickets',
				7003,
				{ status: Number(sb.store.get('Ticket', 7003)!.status) === 5 ? 1 : 5 },
				{ personId: PERSON },
			);
			await sb.webhooks.idle();
		} finally {
			sb.settings.latencyMs = 0;
		}
		const ours = sb.webhooks.deliveries.filter(
			(d) => d.url === h.webhookUrl('default') && d.sequenceNumber > 0,
		);
		expect(ours.map((d) => ({ attempt: d.attempt, status: d.status }))).toEqual([
			{ attempt: 1, status: 200 },
		]);
		expect(h.received).toHaveLength(1);
		expect(h.outputs).toHaveLength(1);
		expect(h.outputs[0][0].json).toMatchObject({ id: 7003, record: { id: 7003 } });
	});

	it('Add Picklist Labels puts the tenant’s label beside each picklist value of the fields and the record', async () => {
		h.parameters.options = { fetchFullRecord: true, addPicklistLabels: true };
		await h.node.webhookMethods.default.create.call(h.hooks());
		sb.admin.update('Tickets', 7001, { status: 5 }, { personId: PERSON });
		await sb.webhooks.idle();
		const json = h.outputs[0][0].json as {
			fields: Record<string, unknown>;
			record: Record<string, unknown>;
		};
		expect(json.fields).toMatchObject({ status: '5', status_label: 'Complete' });
		expect(json.record).toMatchObject({ status: 5, status_label: 'Complete' });
	});

	it('verifies the raw bytes: a title with é & < > " still verifies', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		sb.admin.update(
			'Tickets',
			7001,
			{ title: 'Café & <b>"x"</b> it\'s 1+1', status: 7 },
			{ personId: PERSON },
		);
		await sb.webhooks.idle();
		expect(h.outputs).toHaveLength(1);
		expect(h.outputs[0][0].json.fields).toMatchObject({ title: 'Café & <b>"x"</b> it\'s 1+1' });
	});

	it('a forged, missing or unverifiable signature gives 401 and no item', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		const body = VECTOR_BODY.replace(
			'a1da62a4-2c49-40a8-8183-69994ce5b3eb',
			String(h.staticData.guid),
		);
		expect(
			await h.post('webhook', body, {
				'X-Hook-Signature': computeSignature('not-the-secret', body),
			}),
		).toMatchObject({ status: 401, started: false });
		expect(await h.post('webhook', body)).toMatchObject({ status: 401, started: false });
		expect(h.outputs).toHaveLength(0);
		expect(h.logs.filter((l) => /refused/.test(l))).toHaveLength(2);
		// the right signature is accepted, and the same sequence number again is dropped
		const good = { 'X-Hook-Signature': computeSignature(hookSecret(h), body) };
		expect(await h.post('webhook', body, good)).toMatchObject({ status: 200, started: true });
		expect(await h.post('webhook', body, good)).toMatchObject({ status: 200, started: false });
		expect(h.outputs).toHaveLength(1);
		// not JSON: 400
		expect(
			await h.post('webhook', 'not json', {
				'X-Hook-Signature': computeSignature(hookSecret(h), 'not json'),
			}),
		).toMatchObject({ status: 400, started: false });
	});

	it('no stored secret: 401', async () => {
		const body = VECTOR_BODY;
		expect(
			await h.post('webhook', body, {
				'X-Hook-Signature': computeSignature('testsecret123', body),
			}),
		).toMatchObject({ status: 401, started: false });
		expect(h.outputs).toHaveLength(0);
	});

	it('a Deactivated callout or a deactivation call starts nothing, keeps the state and is logged', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		const before = JSON.stringify(h.staticData);
		const body = JSON.stringify({
			Action: 'Deactivated',
			Guid: h.staticData.guid,
			EntityType: 'Ticket',
			Id: h.staticData.webhookId,
			EventTime: '2025-09-15T14:57:50Z',
		});
		expect(await h.post('webhook', body)).toMatchObject({ status: 200, started: false });
		expect(await h.post('deactivation', body)).toMatchObject({ status: 200, started: false });
		expect(JSON.stringify(h.staticData)).toBe(before);
		expect(h.outputs).toHaveLength(0);
		expect(h.logs.filter((l) => l.startsWith('warn:') && /deactivation call/.test(l))).toHaveLength(
			2,
		);
	});

	it('delete removes the webhook and its children; Autotask calls the deactivation URL, which starts nothing', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
		await sb.webhooks.idle();
		await new Promise((r) => setTimeout(r, 100));
		for (const m of [
			'TicketWebhook',
			'TicketWebhookField',
			'TicketWebhookUdfField',
			'TicketWebhookExcludedResource',
		])
			expect(hooks(m)).toHaveLength(0);
		expect(h.staticData.webhookId).toBeUndefined();
		expect(h.received.filter((r) => r.name === '/deactivation')).toEqual([
			expect.objectContaining({ status: 200, started: false }),
		]);
		expect(h.outputs).toHaveLength(0);
		// deleting again: already gone is success
		h.staticData.webhookId = 999999;
		h.staticData.webhookEntity = 'ticket';
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
	});

	it('a refused delete is logged and returns false', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		sb.faults.add({
			method: 'DELETE',
			path: '/TicketWebhooks/',
			action: 'status',
			status: 403,
			body: { errors: ['Not allowed'] },
			count: 1,
		});
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(false);
		expect(h.logs.some((l) => l.startsWith('warn:') && /could not delete/.test(l))).toBe(true);
		expect(h.staticData.webhookId).toBeDefined();
	});

	it('a restart (checkExists with the same static data and URLs) reuses the webhook, and callouts keep flowing', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		const id = h.staticData.webhookId;
		const port = Number(new URL(h.webhookUrl('default')).port);
		await h.close(); // n8n stops
		const restarted = await harness(h.parameters, { staticData: h.staticData, port });
		sb.journal.splice(0);
		expect(await restarted.node.webhookMethods.default.checkExists.call(restarted.hooks())).toBe(
			true,
		);
		expect(hookCalls().map((j) => j.method)).toEqual(['GET']);
		expect(restarted.staticData.webhookId).toBe(id);
		expect(hooks('TicketWebhook')).toHaveLength(1);
		sb.admin.update(
			'Tickets',
			7002,
			{ status: Number(sb.store.get('Ticket', 7002)!.status) === 5 ? 1 : 5 },
			{ personId: PERSON },
		);
		await sb.webhooks.idle();
		expect(restarted.outputs).toHaveLength(1);
		expect(restarted.outputs[0][0].json).toMatchObject({ id: 7002, action: 'updated' });
		// the same static data on another URL (n8n moved) is not reused: the old webhook goes
		const moved = await harness(h.parameters, { staticData: h.staticData });
		expect(await moved.node.webhookMethods.default.checkExists.call(moved.hooks())).toBe(false);
		expect(hooks('TicketWebhook')).toHaveLength(0);
		expect(moved.logs.some((l) => /URL differs/.test(l))).toBe(true);
	});

	it('a stale webhook left by a crash is removed before a new one is created', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		const staleId = h.staticData.webhookId;
		for (const k of Object.keys(h.staticData)) delete h.staticData[k]; // the crash lost the static data
		expect(await h.node.webhookMethods.default.checkExists.call(h.hooks())).toBe(false);
		await h.node.webhookMethods.default.create.call(h.hooks());
		expect(hooks('TicketWebhook').map((w) => w.id)).toEqual([h.staticData.webhookId]);
		expect(h.staticData.webhookId).not.toBe(staleId);
		expect(h.logs.some((l) => /leftover/.test(l))).toBe(true);
	});

	it('changed settings make checkExists return false and delete the old webhook', async () => {
		await h.node.webhookMethods.default.create.call(h.hooks());
		h.parameters.events = ['created'];
		expect(await h.node.webhookMethods.default.checkExists.call(h.hooks())).toBe(false);
		expect(hooks('TicketWebhook')).toHaveLength(0);
		expect(h.staticData.webhookId).toBeUndefined();
		expect(h.logs.some((l) => l.startsWith('warn:') && /settings changed/.test(l))).toBe(true);
		await h.node.webhookMethods.default.create.call(h.hooks());
		expect(hooks('TicketWebhook')).toEqual([
			expect.objectContaining({
				isSubscribedToUpdateEvents: false,
				isSubscribedToCreateEvents: true,
			}),
		]);
	});

	it('a failure after the webhook was created deletes it before the error reaches n8n', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/ExcludedResources',
			action: 'status',
			status: 500,
			body: { errors: ['Resource does not exist'] },
			count: 1,
		});
		await expect(h.node.webhookMethods.default.create.call(h.hooks())).rejects.toThrow();
		expect(hooks('TicketWebhook')).toHaveLength(0);
		expect(hooks('TicketWebhookField')).toHaveLength(0);
		expect(h.staticData.webhookId).toBeUndefined();
	});

	it('a Company webhook: callout EntityType Account maps to Company, full record from /Companies', async () => {
		const probe = await harness({ entity: 'company' });
		const fields = await probe.node.methods.loadOptions.getWebhookFields.call(probe.loadOptions());
		const nameField = Number(fields.find((f) => f.description === 'companyName')!.value);
		const company = await harness(
			{
				entity: 'company',
				events: ['updated'],
				subscribedFields: [nameField],
				options: { fetchFullRecord: true },
			},
			{ workflowId: 'company-wf' },
		);
		expect(await company.node.webhookMethods.default.create.call(company.hooks())).toBe(true);
		const target = hooks('Company').find((c) => Number(c.id) > 0)!;
		sb.admin.update(
			'Companies',
			Number(target.id),
			{ companyName: 'Renamed & Co' },
			{ personId: PERSON },
		);
		await sb.webhooks.idle();
		expect(company.outputs).toHaveLength(1);
		expect(company.outputs[0][0].json).toMatchObject({
			action: 'updated',
			entity: 'Company',
			id: Number(target.id),
			fields: { companyName: 'Renamed & Co' },
			record: { id: Number(target.id), companyName: 'Renamed & Co' },
		});
		expect(await company.node.webhookMethods.default.delete.call(company.hooks())).toBe(true);
		expect(hooks('CompanyWebhook')).toHaveLength(0);
	});

	it('100 create/delete cycles leave zero webhooks', async () => {
		for (let i = 0; i < 100; i++) {
			expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
			expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
		}
		await sb.webhooks.idle();
		for (const m of [
			'TicketWebhook',
			'TicketWebhookField',
			'TicketWebhookUdfField',
			'TicketWebhookExcludedResource',
		])
			expect(hooks(m)).toHaveLength(0);
		// 100 cycles are about 800 requests: a generous guard, since CI shares two cores with n8n.
	}, 240_000);
});

describe('static data is no oracle for the API secret (issue 14 point 6)', () => {
	const SALT = (nonce: string) => `n8n-nodes-autotask-psa webhook secret ${nonce}`;
	const hmac = (key: string, text: string) =>
		createHmac('sha256', Buffer.from(key, 'utf8')).update(text).digest('hex');
	let sb: Sandbox;
	let h: TriggerHarness;
	let statusField: number;
	const credentials = () =>
		makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });
	const parameters = () => ({
		entity: 'ticket',
		events: ['updated'],
		subscribedFields: [statusField],
	});

	beforeAll(async () => {
		sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.002, webhookTimeoutMs: 10_000 });
		const probe = await createTriggerHarness({
			credentials: credentials(),
			parameters: { entity: 'ticket' },
		});
		const fields = await probe.node.methods.loadOptions.getWebhookFields.call(probe.loadOptions());
		await probe.close();
		statusField = Number(fields.find((f) => f.description === 'status')!.value);
	});
	afterAll(async () => {
		await h?.close();
		await sb.close();
	});

	it('an exported workflow lets a guess be checked only through scrypt (N = 2^15, 32 MiB per guess), never through plain HMACs', async () => {
		h = await createTriggerHarness({
			credentials: credentials(),
			parameters: parameters(),
			workflowId: 'wf-oracle',
		});
		expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
		const exported = JSON.parse(JSON.stringify(h.staticData)) as Record<string, string>;
		const nonce = exported.secretNonce;
		// The attack of the issue: two HMAC-SHA256 per guess, about 100,000 guesses a second.
		const fastGuess = (guess: string) =>
			hmac(hmac(guess, SALT(nonce)).slice(0, 48), 'check').slice(0, 16);
		expect(fastGuess(sb.credentials.secret)).not.toBe(exported.secretCheck);
		// Only the memory-hard derivation reproduces what the static data holds (and what Autotask signs with).
		const slow = scryptSync(sb.credentials.secret, SALT(nonce), 24, {
			N: 2 ** 15,
			r: 8,
			p: 1,
			maxmem: 64 * 1024 * 1024,
		}).toString('hex');
		expect(sb.store.get('TicketWebhook', Number(exported.webhookId))!.secretKey).toBe(slow);
		expect(hmac(slow, 'check').slice(0, 16)).toBe(exported.secretCheck);
		expect(exported.secretKdf).toBe('scrypt-n15-r8-p1');
		expect(JSON.stringify(exported)).not.toContain(slow);
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
	});

	it('static data from an older release (plain-HMAC check value) is replaced on the next activation, with a log line that says why', async () => {
		const legacy = await createTriggerHarness({
			credentials: credentials(),
			parameters: parameters(),
			workflowId: 'wf-legacy',
		});
		expect(await legacy.node.webhookMethods.default.create.call(legacy.hooks())).toBe(true);
		const id = Number(legacy.staticData.webhookId);
		const nonce = String(legacy.staticData.secretNonce);
		// What the older release made: webhook secret and check value by plain HMAC
		const old = hmac(sb.credentials.secret, SALT(nonce)).slice(0, 48);
		sb.store.get('TicketWebhook', id)!.secretKey = old;
		legacy.staticData.secretCheck = hmac(old, 'check').slice(0, 16);
		delete legacy.staticData.secretKdf;
		expect(await legacy.node.webhookMethods.default.checkExists.call(legacy.hooks())).toBe(false);
		expect(
			legacy.logs.some((l) =>
				/replacing TicketWebhooks \d+ because its secret was made by an older release whose static data allowed fast guessing of the API secret/.test(
					l,
				),
			),
		).toBe(true);
		expect(sb.store.get('TicketWebhook', id)).toBeUndefined();
		expect(legacy.staticData.secretCheck).toBeUndefined();
		await legacy.close();
	});
});
