import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { ALL, authHeaders, call } from './helpers.cjs';

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
afterAll(() => sb.close());

const ids = async (entity: string, filter: unknown[]) => {
	const r = await call(sb, 'POST', `V1.0/${entity}/query`, { filter });
	if (r.status !== 200) throw new Error(JSON.stringify(r.json));
	return (r.json.items as Array<{ id: number }>).map((i) => i.id);
};
const expected = (entity: string, pred: (r: Record<string, any>) => boolean) =>
	sb.admin
		.list(entity)
		.filter(pred)
		.map((r) => r.id);

describe('query operators', () => {
	test('all 13 operators', async () => {
		const t = sb.admin.list('Tickets');
		const mid = t[5].id;
		expect(await ids('Tickets', [{ op: 'eq', field: 'id', value: mid }])).toEqual([mid]);
		expect(await ids('Tickets', [{ op: 'noteq', field: 'status', value: 5 }])).toEqual(
			expected('Tickets', (r) => r.status !== 5),
		);
		expect(await ids('Tickets', [{ op: 'gt', field: 'id', value: mid }])).toEqual(
			expected('Tickets', (r) => r.id > mid),
		);
		expect(await ids('Tickets', [{ op: 'gte', field: 'id', value: mid }])).toEqual(
			expected('Tickets', (r) => r.id >= mid),
		);
		expect(await ids('Tickets', [{ op: 'lt', field: 'id', value: mid }])).toEqual(
			expected('Tickets', (r) => r.id < mid),
		);
		expect(await ids('Tickets', [{ op: 'lte', field: 'id', value: mid }])).toEqual(
			expected('Tickets', (r) => r.id <= mid),
		);
		expect(await ids('Tickets', [{ op: 'beginsWith', field: 'title', value: 'printer' }])).toEqual(
			expected('Tickets', (r) => /^printer/i.test(r.title)),
		);
		expect(await ids('Tickets', [{ op: 'endsWith', field: 'title', value: 'HOUR' }])).toEqual(
			expected('Tickets', (r) => /hour$/i.test(r.title)),
		);
		expect(await ids('Tickets', [{ op: 'contains', field: 'title', value: 'wi-fi' }])).toEqual(
			expected('Tickets', (r) => /wi-fi/i.test(r.title)),
		);
		expect(await ids('Tickets', [{ op: 'exist', field: 'completedDate' }])).toEqual(
			expected('Tickets', (r) => !!r.completedDate),
		);
		expect(await ids('Tickets', [{ op: 'notExist', field: 'completedDate' }])).toEqual(
			expected('Tickets', (r) => !r.completedDate),
		);
		expect(await ids('Tickets', [{ op: 'in', field: 'status', value: [1, 8] }])).toEqual(
			expected('Tickets', (r) => [1, 8].includes(r.status)),
		);
		expect(await ids('Tickets', [{ op: 'notIn', field: 'status', value: [1, 8] }])).toEqual(
			expected('Tickets', (r) => ![1, 8].includes(r.status)),
		);
		expect(
			await ids('Tickets', [{ op: 'gt', field: 'createDate', value: '2025-09-10T00:00:00' }]),
		).toEqual(expected('Tickets', (r) => r.createDate > '2025-09-10'));
	});

	test('nested and/or groups; top-level entries are ANDed', async () => {
		const got = await ids('Tickets', [
			{
				op: 'or',
				items: [
					{ op: 'eq', field: 'priority', value: 1 },
					{
						op: 'and',
						items: [
							{ op: 'eq', field: 'priority', value: 4 },
							{ op: 'eq', field: 'status', value: 8 },
						],
					},
				],
			},
			{ op: 'noteq', field: 'status', value: 5 },
		]);
		expect(got).toEqual(
			expected(
				'Tickets',
				(r) => (r.priority === 1 || (r.priority === 4 && r.status === 8)) && r.status !== 5,
			),
		);
	});

	test('UDF filter by name; at most one UDF per query', async () => {
		expect(
			await ids('Companies', [{ op: 'eq', field: 'Customer Ranking', udf: true, value: 'golden' }]),
		).toEqual(
			expected('Companies', (r) => r.userDefinedFields?.some((u: any) => u.value === 'Golden')),
		);
		const two = await call(sb, 'POST', 'V1.0/Companies/query', {
			filter: [
				{ op: 'exist', field: 'Customer Ranking', udf: true },
				{ op: 'exist', field: 'Number of Employees', udf: true },
			],
		});
		expect(two.status).toBe(500);
	});

	test('field names are case-insensitive; unknown field -> 500 "Unable to find"', async () => {
		expect(await ids('Tickets', [{ op: 'eq', field: 'STATUS', value: 5 }])).toEqual(
			expected('Tickets', (r) => r.status === 5),
		);
		const r = await call(sb, 'POST', 'V1.0/TimeEntries/query', {
			filter: [{ op: 'eq', field: 'projectID', value: 1 }],
		});
		expect(r.status).toBe(500);
		expect(r.json).toEqual({ errors: ['Unable to find projectID in the TimeEntry Entity'] });
	});

	test('unknown operator is silently dropped; strict option rejects it', async () => {
		const all = await ids('Tickets', [ALL]);
		expect(await ids('Tickets', [{ op: 'ne', field: 'status', value: 5 }])).toEqual(all);
		const strict = await startSandbox({ seed: 'demo', strictOperators: true });
		try {
			expect(
				(
					await call(strict, 'POST', 'V1.0/Tickets/query', {
						filter: [{ op: 'ne', field: 'status', value: 5 }],
					})
				).status,
			).toBe(500);
		} finally {
			await strict.close();
		}
	});

	test('missing or empty filter -> 500', async () => {
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', { MaxRecords: 5 })).status).toBe(500);
		expect((await call(sb, 'POST', 'V1.0/Tickets/query', { filter: [] })).status).toBe(500);
	});

	test('MaxRecords outside 1..500 -> 500 maxCountOfRecordsToReturn', async () => {
		for (const n of [0, 501]) {
			const r = await call(sb, 'POST', 'V1.0/Tickets/query', { filter: [ALL], MaxRecords: n });
			expect(r.status).toBe(500);
			expect(r.json).toEqual({ errors: ['maxCountOfRecordsToReturn must be between 1 and 500'] });
		}
	});

	test('more than 500 OR conditions -> error', async () => {
		const items = Array.from({ length: 501 }, (_, i) => ({ op: 'eq', field: 'id', value: i }));
		const r = await call(sb, 'POST', 'V1.0/Tickets/query', { filter: [{ op: 'or', items }] });
		expect(r.status).toBe(500);
		expect(r.json.errors[0]).toContain("500 or fewer 'OR' conditions");
	});

	test('IncludeFields keeps id and userDefinedFields; property names case-insensitive', async () => {
		const r = await call(sb, 'POST', 'V1.0/Companies/query', {
			Filter: [ALL],
			maxRecords: 2,
			includeFields: ['CompanyName'],
		});
		expect(r.json.items).toHaveLength(2);
		expect(Object.keys(r.json.items[0]).sort()).toEqual(['companyName', 'id', 'userDefinedFields']);
	});

	test('GET /query?search= and count (POST and GET)', async () => {
		const search = encodeURIComponent(
			JSON.stringify({ filter: [{ op: 'eq', field: 'status', value: 1 }] }),
		);
		const g = await call(sb, 'GET', `V1.0/Tickets/query?search=${search}`);
		expect(g.json.items.map((i: { id: number }) => i.id)).toEqual(
			expected('Tickets', (r) => r.status === 1),
		);
		const n = expected('Tickets', (r) => r.status === 1).length;
		expect(
			(
				await call(sb, 'POST', 'V1.0/Tickets/query/count', {
					filter: [{ op: 'eq', field: 'status', value: 1 }],
				})
			).json,
		).toEqual({ queryCount: n });
		expect((await call(sb, 'GET', `V1.0/Tickets/query/count?search=${search}`)).json).toEqual({
			queryCount: n,
		});
	});
});

describe('paging', () => {
	let bench: Sandbox;
	beforeAll(async () => (bench = await startSandbox({ seed: 'bench:1200' })));
	afterAll(() => bench.close());

	test('default page size 500, id ascending, absolute nextPageUrl via GET, POST with body, POST without body', async () => {
		const body = { filter: [{ op: 'gte', field: 'id', value: 0 }] };
		const p1 = await call(bench, 'POST', 'V1.0/Tickets/query', body);
		expect(p1.json.pageDetails).toMatchObject({ count: 500, requestCount: 500, prevPageUrl: null });
		const next: string = p1.json.pageDetails.nextPageUrl;
		expect(next.startsWith(bench.baseUrl)).toBe(true);
		const idsOf = (r: { json: { items: Array<{ id: number }> } }) => r.json.items.map((i) => i.id);
		const a = idsOf(p1);
		expect([...a].sort((x, y) => x - y)).toEqual(a);
		const viaGet = await call(bench, 'GET', next);
		const viaPostBody = await call(bench, 'POST', next, body);
		const viaPostEmpty = await fetch(next, { method: 'POST', headers: authHeaders(bench) }).then(
			(r) => r.json() as Promise<any>,
		);
		expect(idsOf(viaGet)[0]).toBe(a[499] + 1);
		expect(idsOf(viaPostBody)).toEqual(idsOf(viaGet));
		expect(viaPostEmpty.items.map((i: { id: number }) => i.id)).toEqual(idsOf(viaGet));
		expect(viaGet.json.pageDetails.prevPageUrl).toBeTruthy();
		const back = await call(bench, 'GET', viaGet.json.pageDetails.prevPageUrl);
		expect(idsOf(back)).toEqual(a);
		const p3 = await call(bench, 'GET', viaGet.json.pageDetails.nextPageUrl);
		expect(p3.json.pageDetails).toMatchObject({ count: 200, nextPageUrl: null });
	});
});
