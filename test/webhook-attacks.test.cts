/**
 * Webhook attacks on the Autotask Trigger (issue 8 point 3) and the deactivation notice (point 5).
 *
 * Each hostile delivery goes through the node's webhook() the way n8n runs it: the delivery gets its own
 * copy of the workflow's static data, saved back after webhook() returns. The tests check the status
 * code, that no execution starts, that the static data is unchanged, and which requests reached Autotask.
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { deactivationCheckSettings } from '../nodes/AutotaskTrigger/deactivation';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { MAX_CALLOUT_BYTES, MAX_UNSIGNED_BYTES } from '../nodes/AutotaskTrigger/receive';
import { computeSignature } from '../nodes/AutotaskTrigger/signature';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	createExecuteContext,
	makeCredentials,
	type CredentialStore,
} from './helpers/n8n-context.cjs';
import { createTriggerHarness, type TriggerHarness } from './helpers/trigger-context.cjs';

const PERSON = 29682886;

interface Delivery {
	status: number;
	body: string;
	started: boolean;
	items: INodeExecutionData[];
}

let sb: Sandbox;
let statusField: number;
const harnesses: TriggerHarness[] = [];

const credentials = (): CredentialStore =>
	makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });

async function activeTrigger(
	options: IDataObject = {},
	workflowId = `wf-attack-${harnesses.length}`,
): Promise<TriggerHarness> {
	const h = await createTriggerHarness({
		credentials: credentials(),
		workflowId,
		parameters: {
			entity: 'ticket',
			events: ['created', 'updated', 'deleted'],
			subscribedFields: [statusField],
			options,
		},
	});
	harnesses.push(h);
	expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
	return h;
}

/** The secret Autotask holds for a harness's webhook. */
const hookSecret = (h: TriggerHarness) =>
	String(sb.store.get('TicketWebhook', Number(h.staticData.webhookId))!.secretKey);

/**
 * One delivery to the trigger as n8n makes it: its own copy of the static data (as loaded from the
 * database), saved back after webhook() returns, the raw body bytes, and the response it wrote.
 */
async function deliver(
	h: TriggerHarness,
	name: 'default' | 'deactivation',
	body: string | Buffer,
	headers: Record<string, string> = {},
	creds?: CredentialStore,
	node: AutotaskTrigger = h.node,
): Promise<Delivery> {
	const raw = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const loaded = JSON.parse(JSON.stringify(h.staticData)) as IDataObject;
	const exec = createExecuteContext({ credentials: creds ?? credentials(), node: h.nodeInfo });
	let status = 200;
	let text = '';
	const res = {
		status(code: number) {
			status = code;
			return res;
		},
		json(value: unknown) {
			text = JSON.stringify(value);
			return res;
		},
	};
	const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
	const ctx = {
		getNode: () => h.nodeInfo,
		getWorkflow: () => ({ id: 'wf-attack', name: 'Attack', active: true }),
		getWebhookName: () => name,
		getMode: () => 'webhook',
		getCredentials: exec.getCredentials,
		getWorkflowStaticData: () => loaded,
		getNodeParameter: (p: string, fallback?: unknown) =>
			h.parameters[p] === undefined ? fallback : h.parameters[p],
		getRequestObject: () => ({ headers: lower, body: {}, rawBody: raw }),
		getResponseObject: () => res,
		getHeaderData: () => lower,
		getNodeWebhookUrl: h.webhookUrl,
		logger: {
			debug: (m: string) => h.logs.push(`debug: ${m}`),
			info: (m: string) => h.logs.push(`info: ${m}`),
			warn: (m: string) => h.logs.push(`warn: ${m}`),
			error: (m: string) => h.logs.push(`error: ${m}`),
		},
		helpers: {
			...exec.helpers,
			returnJsonArray: (d: IDataObject | IDataObject[]) =>
				(Array.isArray(d) ? d : [d]).map((json) => ({ json })),
		},
	} as unknown as IWebhookFunctions;
	const result = await node.webhook.call(ctx);
	// n8n saves the static data after webhook() returns
	for (const k of Object.keys(h.staticData)) delete h.staticData[k];
	Object.assign(h.staticData, loaded);
	const items = result.workflowData?.[0] ?? [];
	return {
		status: result.noWebhookResponse ? status : 200,
		body: text,
		started: !!result.workflowData,
		items,
	};
}

function callout(h: TriggerHarness, sequence: number, id = 7001): string {
	return JSON.stringify({
		Action: 'Update',
		Guid: h.staticData.guid,
		EntityType: 'Ticket',
		Id: id,
		Fields: { status: '5' },
		EventTime: '2026-01-05T10:00:00Z',
		SequenceNumber: sequence,
		PersonID: PERSON,
	});
}
const signed = (secret: string, body: string | Buffer) => ({
	'X-Hook-Signature': computeSignature(secret, body),
});
const apiCalls = () => sb.journal.filter((j) => !/versioninformation/i.test(j.path));

beforeAll(async () => {
	// Retry gaps compressed, the callout timeout not: a slow answer on a busy machine is no failure.
	sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.002, webhookTimeoutMs: 10_000 });
	const probe = await createTriggerHarness({
		credentials: credentials(),
		parameters: { entity: 'ticket' },
	});
	harnesses.push(probe);
	const fields = await probe.node.methods.loadOptions.getWebhookFields.call(probe.loadOptions());
	statusField = Number(fields.find((f) => f.description === 'status')!.value);
});
afterAll(async () => {
	for (const h of harnesses) {
		if (
			h.staticData.webhookId !== undefined &&
			sb.store.get('TicketWebhook', Number(h.staticData.webhookId))
		) {
			await h.node.webhookMethods.default.delete.call(h.hooks());
		}
		await h.close();
	}
	await sb.close();
});

describe('hostile callouts start nothing and change nothing', () => {
	let h: TriggerHarness;
	let state: string;
	beforeAll(async () => {
		h = await activeTrigger({ fetchFullRecord: true });
	});
	beforeEach(() => {
		state = JSON.stringify(h.staticData);
		sb.journal.splice(0);
	});
	/** Nothing started, static data as before, no request to Autotask. */
	const untouched = (d: Delivery, status: number) => {
		expect({ status: d.status, started: d.started }).toEqual({ status, started: false });
		expect(JSON.stringify(h.staticData)).toBe(state);
		expect(apiCalls()).toEqual([]);
	};

	it('a forged signature: 401', async () => {
		untouched(
			await deliver(h, 'default', callout(h, 101), {
				'X-Hook-Signature': 'sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=',
			}),
			401,
		);
		expect(h.logs.at(-1)).toBe('warn: Autotask Trigger: callout refused, wrong X-Hook-Signature');
	});

	it('no X-Hook-Signature header: 401', async () => {
		untouched(await deliver(h, 'default', callout(h, 102)), 401);
		expect(h.logs.at(-1)).toBe('warn: Autotask Trigger: callout refused, missing X-Hook-Signature');
	});

	it('a signature made with another secret (another webhook’s): 401', async () => {
		const other = await activeTrigger({}, 'wf-attack-other');
		sb.journal.splice(0);
		state = JSON.stringify(h.staticData);
		untouched(
			await deliver(h, 'default', callout(h, 103), signed(hookSecret(other), callout(h, 103))),
			401,
		);
	});

	it('a body changed after signing (another record id): 401', async () => {
		const original = callout(h, 104, 7001);
		untouched(
			await deliver(h, 'default', callout(h, 104, 7002), signed(hookSecret(h), original)),
			401,
		);
	});

	it('a signature over the re-serialised JSON instead of the bytes sent: 401', async () => {
		const body = callout(h, 105).replace('"Fields":{', '"Fields": {');
		untouched(
			await deliver(h, 'default', body, signed(hookSecret(h), JSON.stringify(JSON.parse(body)))),
			401,
		);
	});

	it('the signature header given twice, a forged one first: 401', async () => {
		const body = callout(h, 106);
		const d = await deliver(h, 'default', body, {
			'X-Hook-Signature': ['sha1=AAAA', computeSignature(hookSecret(h), body)] as unknown as string,
		});
		untouched(d, 401);
	});

	it('a replayed callout: acknowledged with 200 so Autotask stops, nothing started, state unchanged', async () => {
		const body = callout(h, 107);
		const first = await deliver(h, 'default', body, signed(hookSecret(h), body));
		expect(first).toMatchObject({ status: 200, started: true });
		expect(first.items[0].json).toMatchObject({ action: 'updated', id: 7001, sequenceNumber: 107 });
		state = JSON.stringify(h.staticData);
		sb.journal.splice(0);
		const replay = await deliver(h, 'default', body, signed(hookSecret(h), body));
		untouched(replay, 200);
		expect(JSON.parse(replay.body)).toEqual({ received: true, repeated: true });
	});

	it('an oversized body: 413 before it is parsed, signed or not', async () => {
		const big = Buffer.from(
			JSON.stringify({
				Action: 'Update',
				Guid: h.staticData.guid,
				Id: 7001,
				Fields: { description: 'x'.repeat(MAX_CALLOUT_BYTES) },
				SequenceNumber: 108,
			}),
		);
		untouched(await deliver(h, 'default', big, signed(hookSecret(h), big)), 413);
		untouched(await deliver(h, 'default', big), 413);
		untouched(await deliver(h, 'deactivation', big), 413);
	});

	it('a body that is not JSON: 400 when signed, 401 when not', async () => {
		untouched(
			await deliver(
				h,
				'default',
				'Action=Update&Id=7001',
				signed(hookSecret(h), 'Action=Update&Id=7001'),
			),
			400,
		);
		untouched(await deliver(h, 'default', 'Action=Update&Id=7001'), 401);
		untouched(await deliver(h, 'default', '[1,2,3]', signed(hookSecret(h), '[1,2,3]')), 400);
		untouched(await deliver(h, 'default', 'null', signed(hookSecret(h), 'null')), 400);
	});

	it('unsigned deactivation calls while the webhook is active: 200, nothing started, Autotask asked at most once a minute', async () => {
		const forged = JSON.stringify({
			Action: 'Deactivated',
			Guid: h.staticData.guid,
			EntityType: 'Ticket',
			Id: h.staticData.webhookId,
			EventTime: '2026-01-05T10:00:00Z',
		});
		const answers: Delivery[] = [];
		for (let n = 0; n < 10; n++) {
			answers.push(await deliver(h, 'deactivation', forged));
			answers.push(await deliver(h, 'default', forged)); // a Deactivated action on the callout URL
		}
		for (const d of answers)
			expect({ status: d.status, started: d.started }).toEqual({ status: 200, started: false });
		expect(JSON.stringify(h.staticData)).toBe(state);
		// one check with Autotask for twenty calls
		expect(apiCalls().map((j) => `${j.method} ${j.path.replace('/ATServicesRest', '')}`)).toEqual([
			`GET /V1.0/TicketWebhooks/${String(h.staticData.webhookId)}`,
		]);
		expect(h.logs.some((l) => /but Autotask reports it active; ignored/.test(l))).toBe(true);
		// the webhook still works
		const body = callout(h, 109);
		expect(await deliver(h, 'default', body, signed(hookSecret(h), body))).toMatchObject({
			status: 200,
			started: true,
		});
	});

	it('a deactivation call naming another webhook: ignored without asking Autotask', async () => {
		const other = JSON.stringify({
			Action: 'Deactivated',
			Guid: 'not-ours',
			EntityType: 'Ticket',
			Id: 999999,
		});
		untouched(await deliver(h, 'deactivation', other), 200);
	});

	it('none of the refusals put the webhook secret or the API secret into the answer or the logs', () => {
		const seen = JSON.stringify({ logs: h.logs, state: h.staticData });
		expect(seen).not.toContain(hookSecret(h));
		expect(seen).not.toContain(sb.credentials.secret);
	});
});

describe('overlapping deliveries of the same callout (n8n saves static data only after webhook() returns)', () => {
	it('run the workflow once', async () => {
		const h = await activeTrigger({ fetchFullRecord: true, addPicklistLabels: true });
		const body = callout(h, 1);
		const headers = signed(hookSecret(h), body);
		sb.settings.latencyMs = 50; // the full-record read takes a while, so the deliveries overlap
		try {
			const both = await Promise.all([
				deliver(h, 'default', body, headers),
				deliver(h, 'default', body, headers),
				deliver(h, 'default', body, headers),
			]);
			expect(both.map((d) => d.status)).toEqual([200, 200, 200]);
			expect(both.filter((d) => d.started)).toHaveLength(1);
			expect(both.filter((d) => !d.started).map((d) => JSON.parse(d.body))).toEqual([
				{ received: true, repeated: true },
				{ received: true, repeated: true },
			]);
		} finally {
			sb.settings.latencyMs = 0;
		}
		// the next callout is not affected
		const next = callout(h, 2);
		expect(await deliver(h, 'default', next, signed(hookSecret(h), next))).toMatchObject({
			started: true,
		});
	});

	it('Autotask’s own retries of a callout the receiver answered too slowly run the workflow once', async () => {
		const h = await activeTrigger({ fetchFullRecord: true });
		const ticket = sb.store.get('Ticket', 7003)!;
		sb.webhooks.timeScale = 0.0002; // Autotask's 10 s timeout becomes 2 ms: it gives up on each answer and retries
		sb.webhooks.timeoutMs = undefined;
		sb.settings.latencyMs = 20;
		try {
			sb.admin.update(
				'Tickets',
				7003,
				{ status: Number(ticket.status) === 5 ? 1 : 5 },
				{ personId: PERSON },
			);
			await sb.webhooks.idle();
			await new Promise((r) => setTimeout(r, 300));
		} finally {
			sb.webhooks.timeScale = 0.002;
			sb.webhooks.timeoutMs = 10_000;
			sb.settings.latencyMs = 0;
		}
		const attempts = sb.webhooks.deliveries.filter((d) => d.url === h.webhookUrl('default'));
		expect(attempts.length).toBeGreaterThan(1);
		expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
		expect(h.received.filter((r) => r.name === '/webhook')).toHaveLength(attempts.length);
		expect(h.received.filter((r) => r.started)).toHaveLength(1);
		expect(h.outputs).toHaveLength(1);
		// and the same bytes again later, twice at once, as a replay would send them
		const again = await Promise.all(
			[0, 1].map(() =>
				deliver(h, 'default', attempts[0].body, signed(hookSecret(h), attempts[0].body)),
			),
		);
		expect(again.map((d) => d.started)).toEqual([false, false]);
	});
});

describe('a changed API secret (the webhook secret is derived from it)', () => {
	/** The trigger as a freshly started n8n process loads it: no secret derived yet. */
	function freshNode(): AutotaskTrigger {
		let Fresh: typeof AutotaskTrigger | undefined;
		jest.isolateModules(() => {
			Fresh = (
				require('../nodes/AutotaskTrigger/AutotaskTrigger.node') as {
					AutotaskTrigger: typeof AutotaskTrigger;
				}
			).AutotaskTrigger;
		});
		return new Fresh!();
	}

	it('keeps verifying in the running process; after a restart callouts are refused with a log line that says what to do, and activation replaces the webhook', async () => {
		const h = await activeTrigger({}, 'wf-rotated');
		const original = sb.credentials.secret;
		const body = callout(h, 1);
		try {
			sb.credentials.secret = 'rotated-api-secret-0123456789'; // rotated in Autotask and in n8n
			const rotated = credentials();
			// the running process still has the secret it derived at activation, which Autotask signs with
			expect(await deliver(h, 'default', body, signed(hookSecret(h), body), rotated)).toMatchObject(
				{ status: 200, started: true },
			);

			const restarted = freshNode();
			const refused = await deliver(
				h,
				'default',
				callout(h, 2),
				signed(hookSecret(h), callout(h, 2)),
				rotated,
				restarted,
			);
			expect(refused).toMatchObject({ status: 401, started: false });
			expect(h.logs.at(-1)).toMatch(
				/the Secret of the Autotask API credential changed after this trigger was activated, so callouts cannot be verified\. Deactivate and activate the workflow/,
			);

			const port = Number(new URL(h.webhookUrl('default')).port);
			await h.close();
			const again = await createTriggerHarness({
				credentials: rotated,
				parameters: h.parameters,
				workflowId: 'wf-rotated',
				staticData: h.staticData,
				port,
			});
			harnesses.push(again);
			const oldId = again.staticData.webhookId;
			expect(await restarted.webhookMethods.default.checkExists.call(again.hooks())).toBe(false);
			expect(
				again.logs.some((l) =>
					/because the Secret of the Autotask API credential changed since it was made/.test(l),
				),
			).toBe(true);
			expect(sb.store.get('TicketWebhook', Number(oldId))).toBeUndefined();
			expect(await restarted.webhookMethods.default.create.call(again.hooks())).toBe(true);
			const next = callout(again, 1);
			expect(
				await deliver(again, 'default', next, signed(hookSecret(again), next), rotated, restarted),
			).toMatchObject({ status: 200, started: true });
		} finally {
			sb.credentials.secret = original;
		}
	});
});

describe('when Autotask deactivates the webhook, the workflow is told', () => {
	beforeAll(() => {
		deactivationCheckSettings.minIntervalMs = 0;
	});
	afterAll(() => {
		deactivationCheckSettings.minIntervalMs = 60_000;
	});

	it('after 25 failed deliveries Autotask deactivates it; one item marked webhookDeactivated starts the workflow', async () => {
		const h = await activeTrigger({}, 'wf-deactivated');
		const id = Number(h.staticData.webhookId);
		const hook = sb.store.get('TicketWebhook', id)!;
		hook.webhookUrl = 'http://127.0.0.1:9/unreachable'; // the callouts now fail (e.g. n8n unreachable)
		sb.webhooks.timeScale = 0.0001;
		try {
			for (let n = 0; n < 25; n++) {
				sb.admin.update('Tickets', 7004, { status: n % 2 ? 1 : 5 }, { personId: PERSON });
				await sb.webhooks.idle();
			}
		} finally {
			sb.webhooks.timeScale = 0.002;
		}
		await new Promise((r) => setTimeout(r, 100));
		expect(sb.store.get('TicketWebhook', id)!.isActive).toBe(false);
		expect([...sb.store.all('WebhookEventErrorLog')].length).toBeGreaterThanOrEqual(25);
		const calls = h.received.filter((r) => r.name === '/deactivation');
		expect(calls).toEqual([expect.objectContaining({ status: 200, started: true })]);
		expect(h.outputs).toHaveLength(1);
		expect(h.outputs[0][0].json).toEqual({
			action: 'webhookDeactivated',
			entity: 'Ticket',
			webhookId: id,
			webhookGuid: h.staticData.guid,
			webhookState: 'inactive',
			eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			message: expect.stringMatching(
				/^Autotask deactivated the webhook of this trigger \(TicketWebhooks \d+\); it is inactive in Autotask, so no more ticket events will arrive\. Deactivate and activate the workflow to create a new webhook\./,
			),
		});
		expect(
			h.logs.some((l) => l.startsWith('error: Autotask Trigger: Autotask deactivated the webhook')),
		).toBe(true);
		// said once: another deactivation call starts nothing
		const again = JSON.stringify({
			Action: 'Deactivated',
			Guid: h.staticData.guid,
			EntityType: 'Ticket',
			Id: id,
		});
		expect(await deliver(h, 'deactivation', again)).toMatchObject({ status: 200, started: false });
		// activating again replaces the inactive webhook
		expect(await h.node.webhookMethods.default.checkExists.call(h.hooks())).toBe(false);
		expect(await h.node.webhookMethods.default.create.call(h.hooks())).toBe(true);
		expect(h.staticData.deactivationReported).toBeUndefined();
	}, 60_000);

	it('an admin inactivating it in Autotask is reported too; with Report Deactivation off it is only logged', async () => {
		const on = await activeTrigger({}, 'wf-admin-off-1');
		sb.admin.update('TicketWebhooks', Number(on.staticData.webhookId), { isActive: false });
		await new Promise((r) => setTimeout(r, 200));
		expect(on.outputs.map((o) => o[0].json.action)).toEqual(['webhookDeactivated']);

		const off = await activeTrigger({ reportDeactivation: false }, 'wf-admin-off-2');
		sb.admin.update('TicketWebhooks', Number(off.staticData.webhookId), { isActive: false });
		await new Promise((r) => setTimeout(r, 200));
		expect(off.outputs).toHaveLength(0);
		expect(off.received.filter((r) => r.name === '/deactivation')).toEqual([
			expect.objectContaining({ status: 200, started: false }),
		]);
		expect(
			off.logs.some((l) =>
				l.startsWith('error: Autotask Trigger: Autotask deactivated the webhook'),
			),
		).toBe(true);
	});

	it('deactivating the workflow (the node deletes its webhook) is not reported', async () => {
		const h = await activeTrigger({}, 'wf-own-delete');
		expect(await h.node.webhookMethods.default.delete.call(h.hooks())).toBe(true);
		await new Promise((r) => setTimeout(r, 200));
		expect(h.received.filter((r) => r.name === '/deactivation')).toEqual([
			expect.objectContaining({ status: 200, started: false }),
		]);
		expect(h.outputs).toHaveLength(0);
	});
});

describe('replays of old callouts (issue 14 point 7)', () => {
	/** The trigger as a restarted n8n process loads it: no in-memory claims. */
	function restartedNode(): AutotaskTrigger {
		let Fresh: typeof AutotaskTrigger | undefined;
		jest.isolateModules(() => {
			Fresh = (
				require('../nodes/AutotaskTrigger/AutotaskTrigger.node') as {
					AutotaskTrigger: typeof AutotaskTrigger;
				}
			).AutotaskTrigger;
		});
		return new Fresh!();
	}

	it('after 500 newer callouts and a restart, a replayed old callout is dropped: 200 repeated, nothing started, state unchanged', async () => {
		const h = await activeTrigger({}, 'wf-replay-floor');
		const secret = hookSecret(h);
		const old = callout(h, 1);
		expect(await deliver(h, 'default', old, signed(secret, old))).toMatchObject({
			status: 200,
			started: true,
		});
		for (let n = 2; n <= 501; n++) {
			const body = callout(h, n);
			expect((await deliver(h, 'default', body, signed(secret, body))).started).toBe(true);
		}
		const state = JSON.stringify(h.staticData);
		sb.journal.splice(0);
		const replay = await deliver(
			h,
			'default',
			old,
			signed(secret, old),
			undefined,
			restartedNode(),
		);
		expect({ status: replay.status, started: replay.started }).toEqual({
			status: 200,
			started: false,
		});
		expect(JSON.parse(replay.body)).toEqual({ received: true, repeated: true });
		expect(JSON.stringify(h.staticData)).toBe(state);
		expect(apiCalls()).toEqual([]);
		// The newest 500 are still accepted in order and refused as repeats; a new one passes.
		const inWindow = callout(h, 2);
		expect(
			await deliver(h, 'default', inWindow, signed(secret, inWindow), undefined, restartedNode()),
		).toMatchObject({ started: false });
		const next = callout(h, 502);
		expect(await deliver(h, 'default', next, signed(secret, next))).toMatchObject({
			status: 200,
			started: true,
		});
	}, 60_000);

	it('a callout that arrives late but within the last 500 sequence numbers still runs', async () => {
		const h = await activeTrigger({}, 'wf-replay-late');
		const secret = hookSecret(h);
		const newer = callout(h, 600);
		expect(await deliver(h, 'default', newer, signed(secret, newer))).toMatchObject({
			started: true,
		});
		const late = callout(h, 101);
		expect(await deliver(h, 'default', late, signed(secret, late))).toMatchObject({
			status: 200,
			started: true,
		});
		const tooOld = callout(h, 100);
		expect(await deliver(h, 'default', tooOld, signed(secret, tooOld))).toMatchObject({
			status: 200,
			started: false,
		});
	});
});

describe('unsigned calls cannot flood or forge the log (issue 14 point 8)', () => {
	let h: TriggerHarness;
	beforeAll(async () => {
		h = await activeTrigger({}, 'wf-log-flood');
	});
	beforeEach(() => {
		h.logs.splice(0);
		sb.journal.splice(0);
	});
	afterEach(() => jest.restoreAllMocks());

	it('the sender’s text is logged without line breaks or control characters, and cut short', async () => {
		const guid = `x\nerror: Autotask Trigger: Autotask deactivated the webhook of this trigger\r\n\u001b[31m\u2028${'A'.repeat(60_000)}`;
		const d = await deliver(
			h,
			'deactivation',
			JSON.stringify({ Action: 'Deactivated', Guid: guid }),
		);
		expect({ status: d.status, started: d.started }).toEqual({ status: 200, started: false });
		expect(h.logs).toHaveLength(1);
		expect(h.logs[0]).toMatch(
			/^warn: Autotask Trigger: deactivation call for webhook x\?error: Autotask Trigger: Autotask deactivated the webhook of t…, which is not this node's webhook \d+; ignored$/,
		);
		expect(h.logs[0]).not.toMatch(/[\r\n\u001b\u2028]/);
		expect(h.logs[0].length).toBeLessThan(200);
	});

	it('unsigned bodies over 64 KB are refused before they are parsed, on both URLs', async () => {
		const big = JSON.stringify({
			Action: 'Deactivated',
			Guid: h.staticData.guid,
			Id: h.staticData.webhookId,
			Pad: 'x'.repeat(MAX_UNSIGNED_BYTES),
		});
		expect(await deliver(h, 'deactivation', big)).toMatchObject({ status: 413, started: false });
		expect(await deliver(h, 'default', big)).toMatchObject({ status: 413, started: false });
		expect(apiCalls()).toEqual([]);
		// a signed callout of that size is Autotask's own and is still handled
		const signedBig = JSON.stringify({
			Action: 'Update',
			Guid: h.staticData.guid,
			EntityType: 'Ticket',
			Id: 7001,
			Fields: { description: 'x'.repeat(MAX_UNSIGNED_BYTES) },
			SequenceNumber: 1,
		});
		expect(await deliver(h, 'default', signedBig, signed(hookSecret(h), signedBig))).toMatchObject({
			status: 200,
			started: true,
		});
	});

	it('200 unsigned calls in a minute write at most 5 lines and one notice; the next minute says how many were left out', async () => {
		const forged = JSON.stringify({ Action: 'Deactivated', Guid: 'someone-else', Id: 424242 });
		const start = Date.now() + 120_000; // a fresh minute, whatever the tests above logged
		const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
		for (let n = 0; n < 100; n++) {
			await deliver(h, 'deactivation', forged);
			await deliver(h, 'default', forged, { 'X-Hook-Signature': 'sha1=forged' });
		}
		expect(h.logs).toHaveLength(6);
		expect(h.logs[5]).toMatch(
			/^warn: Autotask Trigger: many unverified calls to this trigger's URLs; further such lines are not logged until \d{4}-/,
		);
		clock.mockReturnValue(start + 61_000);
		await deliver(h, 'deactivation', forged);
		expect(h.logs).toHaveLength(7);
		expect(h.logs[6]).toMatch(/ \(195 more such lines were not logged in the minute before\)$/);
	});
});
