/**
 * Faults (issue 8 point 1): the Autotask node through its real execute path, against the sandbox's fault
 * injection. Reads survive a 10% fault mix with exactly the records Autotask has; writes under the same
 * faults make no duplicate and report every success once; the hourly limit waits or stops, as the user
 * chose, and never spins. Delays are shrunk through the transport's exported settings.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { autotaskRequest, transportSettings } from '../nodes/Autotask/transport';
import type { FaultRule } from '../sandbox/faults.cjs';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { createExecuteContext, makeCredentials, autotaskNode } from './helpers/n8n-context.cjs';

const saved = { ...transportSettings };

beforeAll(() => {
	// timeoutMs: a hang fault is given up after 1.5 s; shorter would also give up on answers slowed by a busy machine
	Object.assign(transportSettings, {
		baseDelayMs: 5,
		maxDelayMs: 40,
		timeoutMs: 1500,
		waitSliceMs: 100,
	});
});
afterAll(() => {
	Object.assign(transportSettings, saved);
});

function run(
	sb: Sandbox,
	parameters: IDataObject | ((name: string, i: number) => unknown),
	options: { items?: number; continueOnFail?: boolean } = {},
): Promise<INodeExecutionData[]> {
	const ctx = createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: typeof parameters === 'function' ? parameters : (name: string) => parameters[name],
		items: Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		continueOnFail: options.continueOnFail,
	});
	return autotaskNode()
		.execute.call(ctx)
		.then(([out]) => out);
}

/** The five ways a request fails in the issue, each on ~2.1% of matching requests: ~10% in all. */
const KINDS: Array<Pick<FaultRule, 'action' | 'status' | 'retryAfter'>> = [
	{ action: 'rate-limit', retryAfter: 0 },
	{ action: 'thread-limit' },
	{ action: 'status', status: 500 },
	{ action: 'reset' },
	{ action: 'hang' },
];
const SHARE = 1 - Math.pow(0.9, 1 / KINDS.length);

function addMix(
	sb: Sandbox,
	rule: Pick<FaultRule, 'method' | 'path'>,
	seed: number,
	extra: FaultRule[] = [],
): number[] {
	return [
		...extra,
		...KINDS.map((k, n) => ({ ...rule, ...k, fraction: SHARE, seed: seed + n }) as FaultRule),
	].map((r) => sb.faults.add(r));
}

function fired(sb: Sandbox): Record<string, number> {
	const out: Record<string, number> = {};
	for (const f of sb.faults.list()) out[f.action] = (out[f.action] ?? 0) + f.fired;
	return out;
}
/** Get Many's Read Pages One at a Time option: the page-by-page read these tests count. */
const ONE_CURSOR = { outputOptions: { readPagesOneAtATime: true } };
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('Get Many of 10,000 tickets with 10% of requests failing', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'bench:10000' });
	});
	afterAll(async () => sb.close());
	beforeEach(() => {
		sb.faults.clear();
		sb.journal.splice(0);
		transportSettings.pageSize = saved.pageSize;
	});
	afterEach(() => {
		transportSettings.pageSize = saved.pageSize;
	});

	const queries = () => sb.journal.filter((j) => /\/V1\.0\/Tickets\/query/i.test(j.path));
	const expectedIds = () =>
		[...sb.store.all('Ticket')].map((t) => t.id as number).sort((a, b) => a - b);

	it('returns exactly the 10,000 records, each once; every failed request cost exactly one more', async () => {
		addMix(sb, { path: '/V1\\.0/Tickets/query' }, 11);
		// One cursor (issue 18 reads ranges at once, with a count: test/parallel-read.test.cts has that read under faults)
		const out = await run(sb, {
			...ONE_CURSOR,
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
		});
		const ids = out.map((o) => o.json.id as number);
		expect(ids).toHaveLength(10_000);
		expect(new Set(ids).size).toBe(10_000);
		expect([...ids].sort((a, b) => a - b)).toEqual(expectedIds());
		const failures = total(fired(sb));
		expect(failures).toBeGreaterThan(0);
		// 20 pages of 500, plus one repeat per failed request: no extra page, no loop
		expect(queries()).toHaveLength(20 + failures);
		expect(queries().filter((j) => j.status === 200)).toHaveLength(20);
	});

	it('with 100-record pages (100 requests) every fault kind occurs, and the records are still exact', async () => {
		transportSettings.pageSize = 100;
		addMix(sb, { path: '/V1\\.0/Tickets/query' }, 1); // a seed under which each kind fires (the rules' RNG is seeded)
		const out = await run(sb, {
			...ONE_CURSOR,
			resource: 'ticket',
			operation: 'getMany',
			returnAll: true,
		});
		const ids = out.map((o) => o.json.id as number);
		expect(new Set(ids).size).toBe(10_000);
		expect(ids).toHaveLength(10_000);
		const counts = fired(sb);
		process.stdout.write(`100-page run faults: ${JSON.stringify(counts)}\n`);
		for (const kind of ['rate-limit', 'thread-limit', 'status', 'reset', 'hang'])
			expect(counts[kind]).toBeGreaterThan(0);
		expect(queries()).toHaveLength(100 + total(counts));
	});

	it('a read that keeps failing stops with a clear error after a bounded number of tries', async () => {
		sb.faults.add({
			path: '/V1\\.0/Tickets/query',
			action: 'status',
			status: 500,
			body: { errors: ['Timeout expired in the database'] },
		});
		const err = await run(sb, { resource: 'ticket', operation: 'getMany', returnAll: true }).catch(
			(e) => e,
		);
		expect(err.message).toBe('Timeout expired in the database [item 0]');
		expect(err.description).toBe(
			'Autotask answered 500 to POST /V1.0/Tickets/query (sent 3 times).',
		);
		const tries = 1 + transportSettings.serverErrorRetries;
		const pages = queries().filter((j) => !/\/count$/i.test(j.path));
		expect(pages).toHaveLength(tries);
		// Return All sends the count with the first page; it failed as often, and nothing else was sent
		expect(queries()).toHaveLength(2 * tries);
	});

	it('a 500 that says the query itself is wrong is not repeated', async () => {
		// (the node refuses an unknown filter field before sending; the transport alone sends it)
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		});
		const err = await autotaskRequest
			.call(ctx, {
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: { filter: [{ op: 'eq', field: 'noSuchField', value: 1 }] },
			})
			.catch((e) => e);
		expect(err.message).toMatch(/Unable to find noSuchField/);
		expect(queries()).toHaveLength(1);
	});
});

describe('300 creates under the same faults', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'bench:10' });
	});
	afterAll(async () => sb.close());

	it('make no duplicate record, report each ambiguous failure on its item and every success exactly once', async () => {
		const prefix = `Fault run ${Date.now()}`;
		const title = (i: number) => `${prefix} #${i}`;
		addMix(sb, { method: 'POST', path: '/V1\\.0/Tickets$' }, 7, [
			{
				method: 'POST',
				path: '/V1\\.0/Tickets$',
				action: 'applied-then-dropped',
				fraction: 0.02,
				seed: 3,
			},
		]);
		sb.journal.splice(0);
		const params = (name: string, i: number) =>
			({
				resource: 'ticket',
				operation: 'create',
				fields: {
					mappingMode: 'defineBelow',
					value: { companyID: 0, title: title(i), status: 1, priority: 2 },
				},
				'fields.mappingMode': 'defineBelow',
				'fields.value': { companyID: 0, title: title(i), status: 1, priority: 2 },
			})[name];
		const out = await run(sb, params, { items: 300, continueOnFail: true });

		// one output per input item, in order
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 300 }, (_, i) => i),
		);
		const created = [...sb.store.all('Ticket')].filter((t) => String(t.title).startsWith(prefix));
		const byTitle = new Map<string, number[]>();
		for (const t of created)
			byTitle.set(String(t.title), [...(byTitle.get(String(t.title)) ?? []), t.id as number]);
		// no duplicates
		expect([...byTitle.values()].filter((ids) => ids.length > 1)).toEqual([]);

		const counts = fired(sb);
		let successes = 0;
		let ambiguous = 0;
		let refused = 0;
		out.forEach((o, i) => {
			const ids = byTitle.get(title(i));
			if (o.json.id !== undefined) {
				successes++;
				expect(ids).toEqual([o.json.id]); // the reported record is the one in Autotask
			} else if (/may have applied it/.test(String(o.json.error))) {
				ambiguous++;
				expect((ids ?? []).length).toBeLessThanOrEqual(1); // applied or not, never twice
			} else {
				refused++;
				expect(o.json.error).toBe('Injected fault'); // Autotask refused it: nothing was made
				expect(ids).toBeUndefined();
			}
		});
		expect(successes + ambiguous + refused).toBe(300);
		// every record in Autotask is either reported as made, or on an item told it may have been made
		expect(created.length).toBe(
			successes + out.filter((o, i) => o.json.error && byTitle.has(title(i))).length,
		);
		// connection resets, timeouts and dropped answers are ambiguous; 500 refusals are final
		expect(ambiguous).toBe(
			(counts.reset ?? 0) + (counts.hang ?? 0) + (counts['applied-then-dropped'] ?? 0),
		);
		expect(refused).toBe(counts.status ?? 0);
		expect(counts['applied-then-dropped']).toBeGreaterThan(0);
		expect(ambiguous).toBeGreaterThan(0);
		// only the refusals made before anything was done (429, Itgenatr005) were sent again
		const posts = sb.journal.filter(
			(j) => j.method === 'POST' && /\/V1\.0\/Tickets$/i.test(j.path),
		);
		expect(posts).toHaveLength(300 + (counts['rate-limit'] ?? 0) + (counts['thread-limit'] ?? 0));
	}, 120_000);

	it('a create applied, then answered 500 without Autotask’s text, 502, 503 or 504, is sent once and its item is told it may exist (issue 14 point 11)', async () => {
		sb.faults.clear();
		const prefix = `Gateway ${Date.now()}`;
		const answers: Array<{ status: number; body?: unknown }> = [
			{ status: 500 },
			{ status: 502, body: '<html>Bad Gateway</html>' },
			{ status: 503 },
			{ status: 504 },
		];
		for (const [n, answer] of answers.entries()) {
			sb.journal.splice(0);
			const id = sb.faults.add({
				method: 'POST',
				path: '/V1\\.0/Tickets$',
				action: 'applied-then-status',
				...answer,
				count: 1,
			});
			const value = { companyID: 0, title: `${prefix} ${n}`, status: 1, priority: 2 };
			const out = await run(
				sb,
				{
					resource: 'ticket',
					operation: 'create',
					'fields.mappingMode': 'defineBelow',
					'fields.value': value,
				},
				{ continueOnFail: true },
			);
			sb.faults.remove(id);
			expect(out.map((o) => o.json.error)).toEqual([
				`Autotask answered ${answer.status} to POST /V1.0/Tickets after it was sent; Autotask may have applied it`,
			]);
			// sent once, never again: the record Autotask made is the only one
			expect(sb.journal.filter((j) => j.method === 'POST').map((j) => j.status)).toEqual([
				answer.status,
			]);
			expect([...sb.store.all('Ticket')].filter((t) => t.title === value.title)).toHaveLength(1);
		}
	});

	it('writes refused with the thread-limit error (Itgenatr005) back off and are made once (issue 7 point 3)', async () => {
		sb.faults.clear();
		sb.settings.latencyMs = 30;
		sb.limits.opts.threadLimit = 1; // another integration holds the other two threads
		Object.assign(transportSettings, { baseDelayMs: 60, maxDelayMs: 500 });
		sb.journal.splice(0);
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		});
		const prefix = `Threads ${Date.now()}`;
		try {
			const answers = await Promise.all(
				Array.from({ length: 6 }, (_, i) =>
					autotaskRequest.call(ctx, {
						method: 'POST',
						path: '/V1.0/Tickets',
						body: { companyID: 0, title: `${prefix} ${i}`, status: 1, priority: 2 },
					}),
				),
			);
			expect(new Set(answers.map((a) => a.itemId)).size).toBe(6);
		} finally {
			sb.settings.latencyMs = 0;
			sb.limits.opts.threadLimit = 3;
			Object.assign(transportSettings, { baseDelayMs: 5, maxDelayMs: 40 });
		}
		const posts = sb.journal.filter((j) => j.method === 'POST');
		const refusedPosts = posts.filter((j) => j.status === 500);
		expect(refusedPosts.length).toBeGreaterThan(0);
		expect(posts.filter((j) => j.status === 200)).toHaveLength(6);
		expect(
			[...sb.store.all('Ticket')].filter((t) => String(t.title).startsWith(prefix)),
		).toHaveLength(6);
	});
});

describe('the hourly limit: wait or stop, as the user chose, and never spin', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'bench:10', hourlyLimit: 20, thresholdDelaysMs: [0, 0] });
	});
	afterAll(async () => sb.close());
	beforeEach(() => {
		sb.faults.clear();
		sb.limits.reset();
		sb.limits.opts.windowMs = 3_600_000;
		sb.journal.splice(0);
	});
	afterEach(() => {
		Object.assign(transportSettings, {
			maxHourlyWaitMs: saved.maxHourlyWaitMs,
			hourlyWaitWithoutRetryAfterMs: saved.hourlyWaitWithoutRetryAfterMs,
			maxRetryAfterMs: saved.maxRetryAfterMs,
		});
	});

	/** Other integrations of the tenant use up the limit. */
	const useUp = () => {
		while (sb.limits.used() < sb.limits.opts.hourlyLimit) sb.limits.admit();
	};
	const getTicket = (onHourlyLimit?: string) =>
		run(sb, {
			resource: 'ticket',
			operation: 'get',
			id: '7001',
			...(onHourlyLimit ? { onHourlyLimit } : {}),
		});
	const ticketCalls = () => sb.journal.filter((j) => /\/V1\.0\/Tickets\/7001$/i.test(j.path));

	it('Stop With an Error: one request, and the error says when to try again', async () => {
		useUp();
		const err = await getTicket('stop').catch((e) => e);
		expect(err.message).toBe(
			'Autotask’s hourly API request limit for this database is used up (429) [item 0]',
		);
		expect(err.description).toMatch(
			/^Try again in about 60 minutes \(after \d\d:\d\d UTC\)\. On Hourly Limit is set to stop\./,
		);
		expect(err.httpCode).toBe('429');
		expect(ticketCalls()).toHaveLength(1);
		// the courtesy usage read is the only other request
		expect(
			sb.journal
				.filter((j) => !/versioninformation/i.test(j.path))
				.map((j) => j.path.replace('/ATServicesRest', '')),
		).toEqual(['/V1.0/Tickets/7001', '/V1.0/ThresholdInformation']);
	});

	it('Wait Until It Resets: waits for Retry-After as the rolling window clears, then succeeds with one more request', async () => {
		sb.limits.opts.windowMs = 2_500;
		useUp();
		const started = Date.now();
		const out = await getTicket('waitUntilReset');
		expect(out[0].json.id).toBe(7001);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(ticketCalls().map((j) => j.status)).toEqual([429, 200]);
	});

	it('Wait Until It Resets stops at once, saying when, if the wait would pass its maximum', async () => {
		useUp();
		transportSettings.maxHourlyWaitMs = 10 * 60_000;
		const started = Date.now();
		const err = await getTicket('waitUntilReset').catch((e) => e);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(err.description).toMatch(
			/Try again in about 60 minutes \(after \d\d:\d\d UTC\)\. That is longer than the 10 minutes the node waits at most\./,
		);
		expect(ticketCalls()).toHaveLength(1);
	});

	it('Wait Until It Resets without Retry-After: a bounded number of requests, then a clear error (no spinning)', async () => {
		transportSettings.hourlyWaitWithoutRetryAfterMs = 200;
		transportSettings.maxHourlyWaitMs = 1000;
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'rate-limit', retryAfter: null });
		const err = await getTicket('waitUntilReset').catch((e) => e);
		expect(err.httpCode).toBe('429');
		expect(err.description).toMatch(
			/within the hour: Autotask counts requests over a rolling hour, and gave no Retry-After/,
		);
		expect(err.description).toMatch(
			/The node already waited 1 second and waits at most 1 second in all\./,
		);
		// 1 + 1000/200 waits
		expect(ticketCalls()).toHaveLength(6);
	});

	it('the default waits a short Retry-After but stops on a long one, without repeating it', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'rate-limit', retryAfter: 1, count: 1 });
		expect((await getTicket())[0].json.id).toBe(7001);
		expect(ticketCalls().map((j) => j.status)).toEqual([429, 200]);
		sb.journal.splice(0);
		useUp();
		const err = await getTicket().catch((e) => e);
		expect(err.description).toMatch(/^Try again in about 60 minutes/);
		expect(ticketCalls()).toHaveLength(1);
	});

	const countTickets = (onHourlyLimit?: string) => ({
		resource: 'ticket',
		operation: 'count',
		...(onHourlyLimit ? { onHourlyLimit } : {}),
	});
	/** What the sandbox received, without the zone check; the usage read's own status is the sandbox's business. */
	const sent = () =>
		sb.journal
			.filter((j) => !/versioninformation/i.test(j.path))
			.map(
				(j) =>
					`${j.method} ${j.path.replace('/ATServicesRest', '')}${/ThresholdInformation/i.test(j.path) ? '' : ` ${j.status}`}`,
			);
	const NOT_SENT =
		'Not sent: Autotask’s hourly API request limit for this database was used up earlier in this execution (429)';

	for (const [policy, label] of [
		['stop', 'Stop With an Error'],
		[undefined, 'the default, on a long Retry-After,'],
	] as const) {
		it(`${label} acts once for all items: the others are reported not sent, with no more requests (issue 14 point 12)`, async () => {
			useUp();
			const out = await run(sb, countTickets(policy), { items: 6, continueOnFail: true });
			expect(sent()).toEqual([
				'POST /V1.0/Tickets/query/count 429',
				'GET /V1.0/ThresholdInformation',
			]);
			expect(out[0].json.error).toBe(
				'Autotask’s hourly API request limit for this database is used up (429)',
			);
			expect(out.slice(1).map((o) => o.json.error)).toEqual(
				Array.from({ length: 5 }, () => NOT_SENT),
			);
			expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		});
	}

	it('a persistent 429 with a short Retry-After under the default: the tries are counted once for the execution, not per item (issue 14 point 12)', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/query/count$', action: 'rate-limit', retryAfter: 0 });
		const out = await run(sb, countTickets(), { items: 4, continueOnFail: true });
		expect(sent()).toEqual([
			...Array.from(
				{ length: transportSettings.maxAttempts },
				() => 'POST /V1.0/Tickets/query/count 429',
			),
			'GET /V1.0/ThresholdInformation',
		]);
		expect(out.slice(1).map((o) => o.json.error)).toEqual([NOT_SENT, NOT_SENT, NOT_SENT]);
	});

	it('Wait Until It Resets without Retry-After: one shared wait for the execution, then the other items are not sent (issue 14 point 12)', async () => {
		transportSettings.hourlyWaitWithoutRetryAfterMs = 200;
		transportSettings.maxHourlyWaitMs = 1000;
		sb.faults.add({ path: '/V1\\.0/Tickets/query/count$', action: 'rate-limit', retryAfter: null });
		const out = await run(sb, countTickets('waitUntilReset'), { items: 4, continueOnFail: true });
		// 1 + 1000/200 tries in all, not per item
		expect(sent()).toEqual([
			...Array.from({ length: 6 }, () => 'POST /V1.0/Tickets/query/count 429'),
			'GET /V1.0/ThresholdInformation',
		]);
		expect(out[0].json.error).toBe(
			'Autotask’s hourly API request limit for this database is used up (429)',
		);
		expect(out.slice(1).map((o) => o.json.error)).toEqual([NOT_SENT, NOT_SENT, NOT_SENT]);
	});

	it('Stop With an Error on creates (3 in flight): one create is refused, the others are not sent (issue 14 point 12)', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/V1\\.0/Tickets$',
			action: 'rate-limit',
			retryAfter: 3600,
		});
		const value = { companyID: 0, title: `Limit ${Date.now()}`, status: 1, priority: 2 };
		const out = await run(
			sb,
			{
				resource: 'ticket',
				operation: 'create',
				onHourlyLimit: 'stop',
				'fields.mappingMode': 'defineBelow',
				'fields.value': value,
			},
			{ items: 7, continueOnFail: true },
		);
		expect(sent().filter((p) => !/entityInformation/i.test(p))).toEqual([
			'POST /V1.0/Tickets 429',
			'GET /V1.0/ThresholdInformation',
		]);
		expect(out.slice(1).map((o) => o.json.error)).toEqual(
			Array.from({ length: 6 }, () => NOT_SENT),
		);
		expect([...sb.store.all('Ticket')].filter((t) => t.title === value.title)).toHaveLength(0);
	});

	it('Wait Until It Resets on creates: after the shared wait every item is made once', async () => {
		sb.limits.opts.windowMs = 2_500;
		useUp();
		const started = Date.now();
		const value = { companyID: 0, title: `Wait ${Date.now()}`, status: 1, priority: 2 };
		const out = await run(
			sb,
			{
				resource: 'ticket',
				operation: 'create',
				onHourlyLimit: 'waitUntilReset',
				'fields.mappingMode': 'defineBelow',
				'fields.value': value,
			},
			{ items: 7, continueOnFail: true },
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(out.map((o) => typeof o.json.id)).toEqual(Array.from({ length: 7 }, () => 'number'));
		// the limit was met by the first request (the metadata read): one 429 in all
		expect(sent().filter((p) => / 429$/.test(p))).toHaveLength(1);
		expect(sent().filter((p) => /^POST \/V1\.0\/Tickets 200$/.test(p))).toHaveLength(7);
		expect([...sb.store.all('Ticket')].filter((t) => t.title === value.title)).toHaveLength(7);
	});

	it('a persistent 429 with a short Retry-After under the default is tried a bounded number of times', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/7001$', action: 'rate-limit', retryAfter: 0 });
		const err = await getTicket().catch((e) => e);
		expect(err.httpCode).toBe('429');
		expect(ticketCalls()).toHaveLength(transportSettings.maxAttempts);
	});
});
