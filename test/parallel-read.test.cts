/**
 * Issue 18 point 1: Get Many with Return All (or a Limit over two pages) reads up to 3 ID ranges at once.
 * Exactly the records Autotask has, in ID order, each once; at most ceil(N/500) + 3 requests; under
 * faults and while records are created and deleted; one cursor where ranges cannot help.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { transportSettings } from '../nodes/Autotask/transport';
import { planRanges } from '../nodes/Autotask/transport/parallel-query';
import type { FaultRule } from '../sandbox/faults.cjs';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { autotaskNode, createExecuteContext, makeCredentials } from './helpers/n8n-context.cjs';

const saved = { ...transportSettings };
beforeAll(() => {
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

function run(sb: Sandbox, parameters: IDataObject): Promise<INodeExecutionData[]> {
	const all: IDataObject = {
		resource: 'ticket',
		operation: 'getMany',
		returnAll: true,
		outputOptions: { addPicklistLabels: false },
		...parameters,
	};
	const ctx = createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: (name: string) =>
			name.split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], all),
	});
	return autotaskNode()
		.execute.call(ctx)
		.then(([out]) => out);
}

const ticketIds = (sb: Sandbox) =>
	[...sb.store.all('Ticket')].map((t) => t.id as number).sort((a, b) => a - b);
const queries = (sb: Sandbox) => sb.journal.filter((j) => /\/V1\.0\/Tickets\/query/i.test(j.path));
const counts = (sb: Sandbox) => queries(sb).filter((j) => /\/count$/i.test(j.path));
const idsOf = (out: INodeExecutionData[]) => out.map((o) => o.json.id as number);

describe('planRanges', () => {
	it('splits the pages still to read into 3 ranges of whole pages, the last open-ended', () => {
		const ids = Array.from({ length: 500 }, (_, n) => 7001 + n);
		expect(planRanges(ids, 2345)).toEqual([
			{ after: 7500, upTo: 8500 },
			{ after: 8500, upTo: 9000 },
			{ after: 9000, upTo: undefined },
		]);
	});

	it('scales the ranges by the ID density of the first page', () => {
		const ids = Array.from({ length: 500 }, (_, n) => 10 + 4 * n); // one record per 4 IDs
		expect(planRanges(ids, 1600)).toEqual([
			{ after: 2006, upTo: 4006 },
			{ after: 4006, upTo: 6006 },
			{ after: 6006, upTo: undefined },
		]);
	});

	it('leaves at most two pages in all to one cursor', () => {
		const ids = Array.from({ length: 500 }, (_, n) => n + 1);
		expect(planRanges(ids, 1000)).toBeUndefined();
		expect(planRanges(ids, 1001)).toHaveLength(2);
	});
});

describe('Get Many of 2,345 tickets', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'bench:2345' });
	});
	afterAll(async () => sb.close());
	beforeEach(() => {
		sb.faults.clear();
		sb.journal.splice(0);
	});

	it('reads 3 ranges: exactly the records, in ID order, in 6 requests (first page, count, 4 range pages)', async () => {
		const out = await run(sb, {});
		expect(idsOf(out)).toEqual(ticketIds(sb));
		expect(queries(sb)).toHaveLength(6);
		expect(counts(sb)).toHaveLength(1);
		expect(queries(sb).length).toBeLessThanOrEqual(Math.ceil(2345 / 500) + 3);
		const filters = queries(sb).map((j) => (j.body as { filter: IDataObject[] }).filter);
		// the first page and the count, then range 1 (two pages) and ranges 2 and 3, each bounded by ID
		expect(filters.slice(2).map((f) => f.slice(0, 2))).toEqual(
			expect.arrayContaining([
				[
					{ op: 'gt', field: 'id', value: 7500 },
					{ op: 'lte', field: 'id', value: 8500 },
				],
				[
					{ op: 'gt', field: 'id', value: 8000 },
					{ op: 'lte', field: 'id', value: 8500 },
				],
				[
					{ op: 'gt', field: 'id', value: 8500 },
					{ op: 'lte', field: 'id', value: 9000 },
				],
				[
					{ op: 'gt', field: 'id', value: 9000 },
					{ op: 'gte', field: 'id', value: 0 },
				],
			]),
		);
	});

	it('sends the count with the first page, so the ranges start after one round trip', async () => {
		// Both need only the filter. Each query notes, as it arrives, which queries were answered already.
		const push = sb.journal.push.bind(sb.journal);
		const answeredBefore = new Map<object, string[]>();
		sb.journal.push = (...entries) => {
			if (/Tickets\/query/i.test(entries[0].path))
				answeredBefore.set(
					entries[0],
					queries(sb)
						.filter((j) => j.status !== 0)
						.map((j) => j.path.replace(/^.*\/V1\.0/i, '')),
				);
			return push(...entries);
		};
		sb.settings.latencyMs = 50; // no answer before both are sent
		try {
			expect(idsOf(await run(sb, {}))).toEqual(ticketIds(sb));
		} finally {
			sb.settings.latencyMs = 0;
			sb.journal.push = push;
		}
		const [first, second, ...ranges] = queries(sb);
		expect([first, second].map((j) => j.path.replace(/^.*\/V1\.0/i, '')).sort()).toEqual([
			'/Tickets/query',
			'/Tickets/query/count',
		]);
		for (const j of [first, second]) {
			expect((j.body as { filter: IDataObject[] }).filter).toEqual([
				{ op: 'gte', field: 'id', value: 0 },
			]);
			expect(answeredBefore.get(j)).toEqual([]); // sent together, before either was answered
		}
		expect(ranges).toHaveLength(4);
		for (const j of ranges)
			expect(answeredBefore.get(j)).toEqual(
				expect.arrayContaining(['/Tickets/query', '/Tickets/query/count']),
			);
	});

	it('501 to 1,000 records: the count says ranges cannot help, the cursor reads the second page: 3 requests', async () => {
		const out = await run(sb, {
			filterMode: 'conditions',
			conditions: { condition: [{ field: 'priority', op: 'eq', value: '1' }] },
		});
		const expected = [...sb.store.all('Ticket')]
			.filter((t) => t.priority === 1)
			.map((t) => t.id as number)
			.sort((a, b) => a - b);
		expect(expected.length).toBeGreaterThan(500);
		expect(idsOf(out)).toEqual(expected);
		expect(queries(sb)).toHaveLength(3);
	});

	it('a Limit of 1,200 reads ranges too and gives exactly the first 1,200 records', async () => {
		const out = await run(sb, { returnAll: false, limit: 1200 });
		expect(idsOf(out)).toEqual(ticketIds(sb).slice(0, 1200));
		expect(queries(sb).length).toBeLessThanOrEqual(Math.ceil(1200 / 500) + 3);
	});

	it('a filter on ID falls back to one cursor: ceil(N/500) requests, no count', async () => {
		const out = await run(sb, {
			filterMode: 'conditions',
			conditions: { condition: [{ field: 'id', op: 'gt', value: '7000' }] },
		});
		expect(idsOf(out)).toEqual(ticketIds(sb));
		expect(queries(sb)).toHaveLength(5);
		expect(counts(sb)).toHaveLength(0);
	});

	it('Read Pages One at a Time keeps one cursor: ceil(N/500) requests, no count', async () => {
		const out = await run(sb, {
			outputOptions: { addPicklistLabels: false, readPagesOneAtATime: true },
		});
		expect(idsOf(out)).toEqual(ticketIds(sb));
		expect(queries(sb)).toHaveLength(5);
		expect(counts(sb)).toHaveLength(0);
	});

	it('a Limit of at most two pages keeps one cursor', async () => {
		const out = await run(sb, { returnAll: false, limit: 1000 });
		expect(idsOf(out)).toEqual(ticketIds(sb).slice(0, 1000));
		expect(queries(sb)).toHaveLength(2);
	});
});

describe('ranges that the first page estimates badly, and records that change during the read', () => {
	let sb: Sandbox;
	beforeEach(async () => {
		sb = await startSandbox({ seed: 'bench:5000' });
	});
	afterEach(async () => sb.close());

	it('later IDs sparser than the first page: still exact, within ceil(N/500) + 3 requests', async () => {
		for (const id of ticketIds(sb)) if (id > 7500 && id % 2 === 0) sb.admin.delete('Tickets', id);
		sb.journal.splice(0);
		const out = await run(sb, {});
		expect(idsOf(out)).toEqual(ticketIds(sb));
		expect(queries(sb).length).toBeLessThanOrEqual(Math.ceil(ticketIds(sb).length / 500) + 3);
	});

	it('a Limit under the count: the last range reads its share, exactly the first records, within ceil(L/500) + 3', async () => {
		const out = await run(sb, { returnAll: false, limit: 2500 });
		expect(idsOf(out)).toEqual(ticketIds(sb).slice(0, 2500));
		expect(queries(sb).length).toBeLessThanOrEqual(Math.ceil(2500 / 500) + 3);
	});

	it('a Limit, with later IDs sparser than estimated: the cursor tops up what the ranges lacked', async () => {
		for (const id of ticketIds(sb)) if (id > 7500 && id % 2 === 0) sb.admin.delete('Tickets', id);
		sb.journal.splice(0);
		const out = await run(sb, { returnAll: false, limit: 2000 });
		expect(idsOf(out)).toEqual(ticketIds(sb).slice(0, 2000));
		expect(queries(sb).length).toBeLessThanOrEqual(Math.ceil(2000 / 500) + 3 + 1);
	});

	it('records created and deleted while the ranges are read: every lasting record once, in ID order', async () => {
		const before = ticketIds(sb);
		const deleted = [7600, 9100, 10500, 11900];
		const template = [...sb.store.all('Ticket')][0] as IDataObject;
		const push = sb.journal.push.bind(sb.journal);
		let n = 0;
		sb.journal.push = (...entries) => {
			if (/Tickets\/query$/i.test(entries[0].path) && ++n === 4) {
				for (const id of deleted) sb.admin.delete('Tickets', id);
				for (let k = 0; k < 3; k++) {
					const { id: _id, ticketNumber: _n, ...rest } = template;
					sb.admin.create('Tickets', { ...rest, title: `Created during the read ${k}` });
				}
			}
			return push(...entries);
		};
		const out = await run(sb, {});
		const ids = idsOf(out);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
		const lasting = before.filter((id) => !deleted.includes(id));
		expect(ids.filter((id) => before.includes(id) && !deleted.includes(id))).toEqual(lasting);
		// Created records get IDs above every other: the open-ended last range reads them.
		expect(ids.filter((id) => !before.includes(id))).toHaveLength(3);
	});
});

describe('10,000 tickets in ranges with 10% of requests failing', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox({ seed: 'bench:10000' });
	});
	afterAll(async () => sb.close());

	const KINDS: Array<Pick<FaultRule, 'action' | 'status' | 'retryAfter'>> = [
		{ action: 'rate-limit', retryAfter: 0 },
		{ action: 'thread-limit' },
		{ action: 'status', status: 500 },
		{ action: 'reset' },
		{ action: 'hang' },
	];
	const share = 1 - Math.pow(0.9, 1 / KINDS.length);

	it('returns exactly the 10,000 records; every failed request cost exactly one more', async () => {
		KINDS.forEach((k, n) =>
			sb.faults.add({ path: '/V1\\.0/Tickets/query', ...k, fraction: share, seed: 21 + n }),
		);
		const out = await run(sb, {});
		expect(idsOf(out)).toEqual(ticketIds(sb));
		const failures = sb.faults.list().reduce((sum, f) => sum + f.fired, 0);
		expect(failures).toBeGreaterThan(0);
		// first page, count, then ranges of 7, 6 and 6 pages: 21 answered requests
		expect(queries(sb).filter((j) => j.status === 200)).toHaveLength(21);
		expect(queries(sb)).toHaveLength(21 + failures);
	});
});
