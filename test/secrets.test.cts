/**
 * Secrets (issue 8 point 4, unit level): no error message or description, no output item, no logged
 * line and no static data holds the API secret or a webhook secret, on 401s, network errors, timeouts,
 * lost answers, servers that echo the request, failed credential tests and the whole trigger lifecycle.
 * Errors are searched deeply (util.inspect of the whole object, causes included), not only their message.
 * (The e2e suite searches real n8n's logs and exports.)
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../nodes/Autotask/transport';
import { computeSignature } from '../nodes/AutotaskTrigger/signature';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	createExecuteContext,
	makeCredentials,
	testCredential,
	type CredentialStore,
	autotaskNode,
	parameterAt,
} from './helpers/n8n-context.cjs';
import { createPollHarness } from './helpers/poll-context.cjs';
import { createTriggerHarness, type TriggerHarness } from './helpers/trigger-context.cjs';

const SECRET = 'Vx7-api-secret-q2Lp9-must-never-show';
const WRONG = 'Wr0ng-secret-typed-by-a-user-K4';
const saved = { ...transportSettings };

let sb: Sandbox;
const logs: string[] = [];
const logger = {
	debug: (m: string, meta?: unknown) => logs.push(`debug ${m} ${inspect(meta ?? '')}`),
	info: (m: string, meta?: unknown) => logs.push(`info ${m} ${inspect(meta ?? '')}`),
	warn: (m: string, meta?: unknown) => logs.push(`warn ${m} ${inspect(meta ?? '')}`),
	error: (m: string, meta?: unknown) => logs.push(`error ${m} ${inspect(meta ?? '')}`),
};

beforeAll(async () => {
	sb = await startSandbox({
		seed: 'demo',
		credentials: { secret: SECRET },
		webhookTimeScale: 0.002,
		webhookTimeoutMs: 10_000,
	});
	Object.assign(transportSettings, { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 });
});
afterAll(async () => {
	Object.assign(transportSettings, saved);
	await sb.close();
});
beforeEach(() => {
	logs.splice(0);
	sb.faults.clear();
	sb.journal.splice(0);
});

const creds = (extra: IDataObject = {}): CredentialStore =>
	makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl, ...extra });

/** Everything an error carries, as deep as it goes. */
function everything(value: unknown): string {
	const e = value as { message?: string; description?: string; stack?: string };
	return [
		inspect(value, { depth: 30, showHidden: true }),
		JSON.stringify(value) ?? '',
		e?.message ?? '',
		e?.description ?? '',
		e?.stack ?? '',
	].join('\n');
}

/** Neither the real nor the typed secret anywhere in what the user or the logs could see. */
function clean(...things: unknown[]) {
	const text = things.map(everything).join('\n') + logs.join('\n');
	expect(text).not.toContain(SECRET);
	expect(text).not.toContain(WRONG);
}

async function execute(
	parameters: IDataObject,
	options: { credentials?: CredentialStore; continueOnFail?: boolean; items?: number } = {},
) {
	const ctx = createExecuteContext({
		credentials: options.credentials ?? creds(),
		parameters: (name: string) => {
			return parameterAt(parameters, name);
		},
		items: Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		continueOnFail: options.continueOnFail,
	});
	(ctx as unknown as { logger: typeof logger }).logger = logger;
	return await autotaskNode()
		.execute.call(ctx as IExecuteFunctions)
		.then(
			([out]) => ({ out, error: undefined as unknown }),
			(error: unknown) => ({ out: [] as INodeExecutionData[], error }),
		);
}

async function closedPort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
	const port = (srv.address() as { port: number }).port;
	await new Promise<void>((r) => srv.close(() => r()));
	return port;
}

const getTicket = { resource: 'ticket', operation: 'get', id: '7001' };

describe('the Autotask node', () => {
	it('a 401 for a wrong secret: the error and the item name the zone, never the secret', async () => {
		const bad = creds({ secret: WRONG });
		const thrown = await execute(getTicket, { credentials: bad });
		expect((thrown.error as Error).message).toBe('Autotask refused the credentials (401) [item 0]');
		const item = await execute(getTicket, {
			credentials: creds({ secret: WRONG }),
			continueOnFail: true,
		});
		expect(item.out[0].json.error).toBe('Autotask refused the credentials (401)');
		clean(thrown.error, item.out);
	});

	it('a connection refused by the zone', async () => {
		const r = await execute(getTicket, {
			credentials: creds({ customUrl: `http://127.0.0.1:${await closedPort()}/ATServicesRest/` }),
		});
		expect((r.error as Error).message).toMatch(/Could not reach the Autotask zone Custom URL/);
		clean(r.error);
	});

	it('connection resets on a read, until the node gives up', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'reset' });
		const r = await execute(getTicket, { continueOnFail: true });
		expect(r.out[0].json.error).toBe(
			'Could not reach Autotask for GET /V1.0/Tickets/7001 (connection reset)',
		);
		clean(r.out);
		const thrown = await execute(getTicket);
		clean(thrown.error);
	});

	it('a timeout', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'hang', count: 5 });
		const r = await execute(getTicket);
		expect((r.error as Error).message).toBe(
			'Could not reach Autotask for GET /V1.0/Tickets/7001 (no answer in time) [item 0]',
		);
		clean(r.error);
	});

	it('a write whose answer was lost', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/V1\\.0/Tickets$',
			action: 'applied-then-dropped',
			count: 1,
		});
		const r = await execute({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: { companyID: 0, title: 'Lost answer', status: 1, priority: 2 },
			},
		});
		expect((r.error as Error).message).toMatch(/Autotask may have applied it/);
		clean(r.error);
	});

	it('a server that echoes the request headers in its error: the secret is hidden', async () => {
		sb.faults.add({
			path: '/V1\\.0/Tickets/7001$',
			action: 'status',
			status: 400,
			body: {
				errors: [`Bad request. Headers: UserName=${sb.credentials.username}; Secret=${SECRET}`],
			},
		});
		const r = await execute(getTicket, { continueOnFail: true });
		expect(r.out[0].json.error).toBe(
			`Bad request. Headers: UserName=${sb.credentials.username}; Secret=[secret hidden]`,
		);
		clean(r.out);
		const thrown = await execute(getTicket);
		clean(thrown.error);
	});

	it('a 200 that carries only errors[] echoing the secret', async () => {
		sb.faults.add({
			path: '/V1\\.0/Tickets/7001$',
			action: 'status',
			status: 200,
			body: { errors: [`Secret ${SECRET} is not allowed here`] },
		});
		const r = await execute(getTicket);
		expect((r.error as Error).message).toBe('Secret [secret hidden] is not allowed here [item 0]');
		clean(r.error);
	});

	it('the hourly limit: the error, and the log lines while waiting', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'rate-limit', retryAfter: 0, count: 1 });
		const waited = await execute({ ...getTicket, onHourlyLimit: 'waitUntilReset' });
		expect(waited.out[0].json.id).toBe(7001);
		expect(logs.some((l) => /hourly API request limit reached; waiting/.test(l))).toBe(true);
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'rate-limit', retryAfter: 3000 });
		const stopped = await execute(getTicket);
		expect((stopped.error as { httpCode: string }).httpCode).toBe('429');
		clean(waited.out, stopped.error);
	});

	it('403, a missing record and a validation error', async () => {
		sb.faults.add({
			path: '/V1\\.0/Tickets/7001$',
			action: 'status',
			status: 403,
			body: { errors: ['Access denied'] },
			count: 1,
		});
		const denied = await execute(getTicket);
		const missing = await execute({
			resource: 'ticketNote',
			operation: 'get',
			parentId: '999999',
			id: '1',
		});
		const invalid = await execute({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: { companyID: 987654, title: 'x', status: 1, priority: 2 },
			},
		});
		expect((invalid.error as Error).message).toMatch(/companyID/);
		clean(denied.error, missing.error, invalid.error);
	});
});

describe('the credential test', () => {
	it('a wrong secret, an unreachable zone, an unknown username, an empty secret', async () => {
		const results = [
			await testCredential(creds({ secret: WRONG })),
			await testCredential(
				creds({
					secret: WRONG,
					customUrl: `http://127.0.0.1:${await closedPort()}/ATServicesRest/`,
				}),
			),
			await testCredential(
				makeCredentials({
					...sb.credentials,
					secret: WRONG,
					username: 'nobody@example.com',
					zone: 'auto',
					zoneLookupUrl: sb.baseUrl,
				}),
			),
			await testCredential(creds({ secret: '' })),
		];
		expect(results.map((r) => r.status)).toEqual(['Error', 'Error', 'Error', 'Error']);
		expect(results[0].message).toMatch(/Autotask refused these credentials \(401\)/);
		clean(results);
	});
});

describe('the Autotask Poll Trigger', () => {
	it('a poll refused with 401', async () => {
		const h = createPollHarness({
			credentials: creds({ secret: WRONG }),
			parameters: { resource: 'task', watch: 'new', dateField: 'createDateTime' },
		});
		const error = await h.poll().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect((error as Error).message).toBe('Autotask refused the credentials (401)');
		clean(error, h.staticData);
	});
});

describe('the Autotask Trigger', () => {
	let h: TriggerHarness;
	afterAll(async () => h?.close());

	it('activation, callouts good and forged, a deactivation call and deletion: no secret in logs, items or static data', async () => {
		const probe = await createTriggerHarness({
			credentials: creds(),
			parameters: { entity: 'ticket' },
		});
		const fields = await probe.node.methods.loadOptions.getWebhookFields.call(probe.loadOptions());
		await probe.close();
		const status = Number(fields.find((f) => f.description === 'status')!.value);
		h = await createTriggerHarness({
			credentials: creds(),
			parameters: {
				entity: 'ticket',
				events: ['updated'],
				subscribedFields: [status],
				options: { fetchFullRecord: true, addPicklistLabels: true },
			},
		});
		expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
		const webhookSecret = String(
			sb.store.get('TicketWebhook', Number(h.staticData.webhookId))!.secretKey,
		);
		expect(webhookSecret.length).toBe(48);

		sb.admin.update(
			'Tickets',
			7001,
			{ status: Number(sb.store.get('Ticket', 7001)!.status) === 5 ? 1 : 5 },
			{ personId: 29682886 },
		);
		await sb.webhooks.idle();
		expect(h.outputs).toHaveLength(1);
		const body = sb.webhooks.deliveries
			.at(-1)!
			.body.replace('"SequenceNumber":1', '"SequenceNumber":77');
		expect(
			(await h.post('webhook', body, { 'X-Hook-Signature': computeSignature('guess', body) }))
				.status,
		).toBe(401);
		expect((await h.post('webhook', body)).status).toBe(401);
		expect((await h.post('webhook', '{"Action":"Deactivated"}')).status).toBe(200);
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
		await sb.webhooks.idle();

		const seen = [
			JSON.stringify(h.outputs),
			JSON.stringify(h.staticData),
			h.logs.join('\n'),
			JSON.stringify(h.received),
		].join('\n');
		for (const secret of [webhookSecret, SECRET]) expect(seen).not.toContain(secret);
		// what the node sent Autotask when it made the webhook is the only place the webhook secret went
		const created = sb.journal.filter(
			(j) => j.method === 'POST' && /\/TicketWebhooks$/.test(j.path),
		);
		expect((created[0].body as IDataObject).secretKey).toBe(webhookSecret);
	});
});

describe('encoded forms of the secret, and servers that echo the request (issue 14 point 9)', () => {
	// Characters that URL-encoding, base64 and HTML-escaping all change
	const ODD = `Q7&<z>"'+/ =%Kp9-odd-secret`;
	const CODE = 'TRACKINGID27CHARSXYZ0123456';
	const html = (t: string) =>
		t
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&#39;');
	const b64 = (t: string) => Buffer.from(t, 'utf8').toString('base64');
	let odd: Sandbox;
	beforeAll(async () => {
		odd = await startSandbox({ seed: 'demo', credentials: { secret: ODD, integrationCode: CODE } });
	});
	afterAll(async () => odd.close());
	const oddCreds = () =>
		makeCredentials({ ...odd.credentials, zone: 'custom', customUrl: odd.baseUrl });
	const forms = () => [
		ODD,
		encodeURIComponent(ODD),
		encodeURIComponent(ODD).toLowerCase(),
		b64(ODD),
		html(ODD),
		b64(`${odd.credentials.username}:${ODD}`).slice(8, -4),
	];

	it('an error that repeats the secret URL-encoded, base64 (alone and in a Basic header) and HTML-escaped shows none of them', async () => {
		const said = [
			`url ${encodeURIComponent(ODD)}`,
			`lower ${encodeURIComponent(ODD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
			`b64 ${b64(ODD)}`,
			`basic Basic ${b64(`${odd.credentials.username}:${ODD}`)}`,
			`html <p>${html(ODD)}</p>`,
		];
		odd.faults.add({
			path: '/V1\\.0/Tickets/7001$',
			action: 'status',
			status: 400,
			body: { errors: said },
		});
		const r = await execute(getTicket, { credentials: oddCreds(), continueOnFail: true });
		const shown = String(r.out[0].json.error);
		expect(shown).toBe(
			'url [secret hidden] lower [secret hidden] b64 [secret hidden] basic Basic [secret hidden] html <p>[secret hidden]</p>',
		);
		const thrown = await execute(getTicket, { credentials: oddCreds() });
		const text = everything(thrown.error) + JSON.stringify(r.out);
		for (const form of forms()) expect(text).not.toContain(form);
	});

	it('Make an API Request against a server that echoes the request headers: no credential header in the output', async () => {
		odd.faults.add({ path: '/V1\\.0/Version$', action: 'echo' });
		const r = await execute(
			{ resource: 'api', operation: 'request', method: 'GET', path: 'Version' },
			{ credentials: oddCreds() },
		);
		expect(r.error).toBeUndefined();
		const headers = r.out[0].json.headers as IDataObject;
		expect(headers).toMatchObject({
			secret: '[credential header hidden]',
			apiintegrationcode: '[credential header hidden]',
			username: '[credential header hidden]',
		});
		expect(headers.accept).toBe('application/json');
		const text = JSON.stringify(r.out);
		for (const form of forms()) expect(text).not.toContain(form);
		expect(text).not.toContain(CODE);
		expect(text).not.toContain(odd.credentials.username);
	});
});
