import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { ALL, call } from './helpers.cjs';

const q = { filter: [ALL], MaxRecords: 1 };

describe('limits: hourly threshold and thread limit', () => {
	test('rolling-hour threshold: ThresholdInformation counts, latency past 50%/75%, 429 with Retry-After past 100%', async () => {
		const sb = await startSandbox({ hourlyLimit: 8, thresholdDelaysMs: [40, 120] });
		try {
			const timed = async () => {
				const s = Date.now();
				const r = await call(sb, 'POST', 'V1.0/Companies/query', q);
				return { r, ms: Date.now() - s };
			};
			const runs = [];
			for (let i = 0; i < 8; i++) runs.push(await timed());
			expect(runs.every((x) => x.r.status === 200)).toBe(true);
			expect(runs[1].ms).toBeLessThan(40); // 2/8 = 25%
			expect(runs[4].ms).toBeGreaterThanOrEqual(35); // 5/8 > 50%
			expect(runs[7].ms).toBeGreaterThanOrEqual(110); // 8/8 > 75%
			const over = await call(sb, 'GET', 'V1.0/ThresholdInformation');
			expect(over.status).toBe(429);
			expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
			sb.limits.opts.hourlyLimit = 100;
			const t = await call(sb, 'GET', 'V1.0/ThresholdInformation');
			expect(t.json).toEqual({
				externalRequestThreshold: 100,
				requestThresholdTimeframe: 60,
				currentTimeframeRequestCount: 9,
			});
		} finally {
			await sb.close();
		}
	});

	test('thread limit: 3 concurrent per tracking identifier and entity; ZoneInformation exempt', async () => {
		const sb = await startSandbox({ latencyMs: 150 });
		try {
			const five = await Promise.all(
				Array.from({ length: 5 }, () => call(sb, 'POST', 'V1.0/Tickets/query', q)),
			);
			const rejected = five.filter((r) => r.status === 500);
			expect(five.filter((r) => r.status === 200)).toHaveLength(3);
			expect(rejected[0].json.errors[0]).toBe(
				'Itgenatr005 Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded.',
			);
			// a different entity has its own bucket; /Tickets/{id} shares the Tickets bucket
			const mixed = await Promise.all([
				...Array.from({ length: 3 }, () => call(sb, 'GET', 'V1.0/Tickets/1')),
				call(sb, 'POST', 'V1.0/Companies/query', q),
			]);
			expect(mixed.every((r) => r.status === 200)).toBe(true);
			const zones = await Promise.all(
				Array.from({ length: 6 }, () =>
					call(
						sb,
						'GET',
						`V1.0/ZoneInformation?user=${encodeURIComponent(sb.credentials.username)}`,
						undefined,
						{},
					),
				),
			);
			expect(zones.every((r) => r.status === 200)).toBe(true);
		} finally {
			await sb.close();
		}
	});

	test('latency runs from arrival to answer, the work within it: a query answers as the records were when it arrived', async () => {
		// So 3 requests in flight overlap as on Autotask's servers, the sandbox's own CPU hidden in the wait.
		const sb = await startSandbox({ seed: 'bench:3', latencyMs: 200 });
		try {
			const { id: _id, ticketNumber: _n, ...template } = [...sb.store.all('Ticket')][0];
			const push = sb.journal.push.bind(sb.journal);
			let created = 0;
			sb.journal.push = (...entries) => {
				const n = push(...entries);
				// the next turn of the event loop: the request has arrived, its answer is still waiting
				if (/Tickets\/query$/i.test(entries[0].path))
					setImmediate(() => {
						created = sb.admin.create('Tickets', { ...template, title: 'after arrival' })
							.id as number;
					});
				return n;
			};
			const all = { filter: [ALL] };
			const started = Date.now();
			const first = await call(sb, 'POST', 'V1.0/Tickets/query', all);
			expect(Date.now() - started).toBeGreaterThanOrEqual(195);
			expect(created).toBeGreaterThan(0);
			expect(first.json.items.map((t: { id: number }) => t.id)).toEqual([7001, 7002, 7003]);
			sb.journal.push = push;
			const later = await call(sb, 'POST', 'V1.0/Tickets/query', all);
			expect(later.json.items.map((t: { id: number }) => t.id)).toContain(created);
		} finally {
			await sb.close();
		}
	});
});

describe('test support: fault injection, journal, admin API', () => {
	let sb: Sandbox;
	beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
	afterAll(() => sb.close());
	afterEach(() => sb.faults.clear());

	test('status, 429 with Retry-After, thread-limit, count limit', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/Tickets/query$',
			action: 'status',
			status: 503,
			count: 1,
		});
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', q)).status).toBe(503);
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', q)).status).toBe(200);
		sb.faults.add({ path: 'Companies', action: 'rate-limit', retryAfter: 7, count: 1 });
		const r = await call(sb, 'POST', 'V1.0/Companies/query', q);
		expect([r.status, r.headers.get('retry-after')]).toEqual([429, '7']);
		sb.faults.add({ path: 'Contacts', action: 'thread-limit', count: 1 });
		expect((await call(sb, 'POST', 'V1.0/Contacts/query', q)).json.errors[0]).toContain(
			'Itgenatr005',
		);
	});

	test('connection reset, hang, slow', async () => {
		sb.faults.add({ path: 'Tickets/query', action: 'reset', count: 1 });
		await expect(call(sb, 'POST', 'V1.0/Tickets/query', q)).rejects.toThrow();
		sb.faults.add({ path: 'Tickets/query', action: 'hang', count: 1 });
		await expect(
			fetch(sb.baseUrl + 'V1.0/Tickets/query', {
				method: 'POST',
				signal: AbortSignal.timeout(150),
			}),
		).rejects.toThrow();
		sb.faults.add({ path: 'Tickets/query', action: 'slow', delayMs: 120, count: 1 });
		const s = Date.now();
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', q)).status).toBe(200);
		expect(Date.now() - s).toBeGreaterThanOrEqual(110);
	});

	test('applied-then-dropped: the write is applied but the answer never arrives', async () => {
		const before = sb.admin.list('Tickets').length;
		sb.faults.add({
			method: 'POST',
			path: '/V1.0/Tickets$',
			action: 'applied-then-dropped',
			count: 1,
		});
		const company = sb.admin.list('Companies')[1];
		await expect(
			call(sb, 'POST', 'V1.0/Tickets', {
				companyID: company.id,
				title: 'Dropped answer',
				status: 1,
				priority: 2,
			}),
		).rejects.toThrow();
		expect(sb.admin.list('Tickets').length).toBe(before + 1);
		expect(sb.admin.list('Tickets').at(-1)!.title).toBe('Dropped answer');
	});

	test('fractional faults are deterministic for a seed', async () => {
		const run = async () => {
			sb.faults.clear();
			sb.faults.add({
				path: 'Resources/query',
				action: 'status',
				status: 502,
				fraction: 0.5,
				seed: 42,
			});
			const out: number[] = [];
			for (let i = 0; i < 12; i++)
				out.push((await call(sb, 'POST', 'V1.0/Resources/query', q)).status);
			return out;
		};
		const a = await run();
		expect(await run()).toEqual(a);
		expect(a).toContain(502);
		expect(a).toContain(200);
	});

	test('admin HTTP API: records, faults, journal, settings', async () => {
		const admin = (m: string, p: string, b?: unknown) =>
			fetch(`${sb.origin}/__sandbox/${p}`, {
				method: m,
				body: b === undefined ? undefined : JSON.stringify(b),
			}).then((r) => r.json() as Promise<any>);
		const created = await admin('POST', 'records/Tickets?personId=29682886', {
			companyID: 174,
			title: 'From admin',
			status: 1,
			priority: 2,
		});
		expect(created.item.creatorResourceID).toBe(29682886);
		expect((await admin('GET', `records/Tickets/${created.item.id}`)).item.title).toBe(
			'From admin',
		);
		const { id } = await admin('POST', 'faults', {
			path: 'Tickets/query',
			action: 'status',
			status: 418,
		});
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', q)).status).toBe(418);
		await admin('DELETE', `faults/${id}`);
		expect((await admin('GET', 'journal')).entries.at(-1).status).toBe(418);
		expect((await admin('PATCH', 'settings', { webhookTimeScale: 0.01 })).webhookTimeScale).toBe(
			0.01,
		);
		expect(sb.webhooks.timeScale).toBe(0.01);
		expect((await admin('GET', 'info')).baseUrl).toBe(sb.baseUrl);
	});
});
