/**
 * Many input items: Get batched into `in` queries, writes 3 in flight in input order, and the per-item
 * parameters people pick from lists (resource locators, ticket numbers, an optional parent), plus Simplify.
 */
import { DateTime } from 'luxon';
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { searchParents, searchRecords } from '../nodes/Autotask/v1/methods/listSearch';
import { getFields } from '../nodes/Autotask/v1/methods/resourceMapping';
import { entityOfPath } from '../nodes/Autotask/transport';
import { inFlight } from '../nodes/Autotask/transport/limiter';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	createExecuteContext,
	makeCredentials,
	autotaskNode,
	parameterAt,
} from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.journal.splice(0);
	sb.settings.latencyMs = 0;
});

const credentials = () =>
	makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });

/** Parameters for all items, or per item (i => parameters); dotted names are looked up inside. */
function context(
	parameters: IDataObject | ((i: number) => IDataObject),
	count = 1,
	continueOnFail = false,
) {
	const lookup = (name: string, i: number) => {
		return parameterAt(typeof parameters === 'function' ? parameters(i) : parameters, name);
	};
	return createExecuteContext({
		credentials: credentials(),
		parameters: lookup,
		items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		continueOnFail,
	});
}
const run = async (...args: Parameters<typeof context>) =>
	(await autotaskNode().execute.call(context(...args)))[0];
const calls = () =>
	sb.journal
		.filter((j) => j.headers.username !== undefined && !/entityInformation/i.test(j.path))
		.map((j) => ({ method: j.method, path: j.path.replace('/ATServicesRest', ''), body: j.body }));

describe('Get across many items', () => {
	it('reads 12 tickets with one `in` query; output order and pairedItem follow the input', async () => {
		const ids = [7012, 7001, 7005, 7003, 7001, 7011, 7002, 7004, 7006, 7010, 7007, 7008];
		const out = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'get',
				id: { __rl: true, mode: 'list', value: String(ids[i]) },
			}),
			ids.length,
		);
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: {
					filter: [
						{
							op: 'in',
							field: 'id',
							value: [7012, 7001, 7005, 7003, 7011, 7002, 7004, 7006, 7010, 7007, 7008],
						},
					],
					MaxRecords: 11,
				},
			},
		]);
		expect(out.map((o) => o.json.id)).toEqual(ids);
		expect(out.map((o) => o.pairedItem)).toEqual(ids.map((_, item) => ({ item })));
	});

	it('mixes IDs and ticket numbers: one query for each kind', async () => {
		const given = [
			{ mode: 'id', value: '7002' },
			{ mode: 'ticketNumber', value: 'T20251007.0007' },
			{ mode: 'id', value: '7003' },
		];
		const out = await run(
			(i) => ({ resource: 'ticket', operation: 'get', id: { __rl: true, ...given[i] } }),
			3,
		);
		expect(calls().map((c) => c.body)).toEqual([
			{ filter: [{ op: 'in', field: 'id', value: [7002, 7003] }], MaxRecords: 2 },
			{ filter: [{ op: 'in', field: 'ticketNumber', value: ['T20251007.0007'] }], MaxRecords: 1 },
		]);
		expect(out.map((o) => o.json.id)).toEqual([7002, 7007, 7003]);
	});

	it('an ID that does not exist fails its item with a clear error, or gives nothing when chosen', async () => {
		const ids = ['7001', '999999', '7002'];
		const params = (ignoreMissing: boolean) => (i: number) => ({
			resource: 'ticket',
			operation: 'get',
			id: ids[i],
			outputOptions: { ignoreMissing },
		});
		await expect(run(params(false), 3)).rejects.toThrow('Autotask has no Ticket with ID 999999');
		const kept = await run(params(false), 3, true);
		expect(kept.map((o) => [o.json.id ?? o.json.error, o.pairedItem])).toEqual([
			[7001, { item: 0 }],
			['Autotask has no Ticket with ID 999999', { item: 1 }],
			[7002, { item: 2 }],
		]);
		const ignored = await run(params(true), 3);
		expect(ignored.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	it('1,200 items cost 3 requests (500 IDs per query)', async () => {
		const out = await run(
			(i) => ({ resource: 'ticket', operation: 'get', id: String(7001 + (i % 12)) }),
			1200,
		);
		const sent = calls();
		expect(sent).toHaveLength(1); // 12 distinct IDs fit one query
		expect(out).toHaveLength(1200);
		sb.journal.splice(0);
		const wide = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'get',
				id: String(i + 1),
				outputOptions: { ignoreMissing: true },
			}),
			1200,
		);
		expect(
			calls()
				.map((c) => ((c.body as IDataObject).filter as IDataObject[])[0].value as number[])
				.map((v) => v.length),
		).toEqual([500, 500, 200]);
		expect(wide).toHaveLength(0); // the demo has no ticket with ID 1..1200
	});
});

describe('writes across items', () => {
	it('run 3 in flight, never more, and report in input order', async () => {
		sb.settings.latencyMs = 60;
		let peak = 0;
		const key = `${sb.credentials.integrationCode}|${sb.credentials.username}|${entityOfPath('/V1.0/Tickets')}`;
		const timer = setInterval(() => (peak = Math.max(peak, inFlight(key))), 5);
		const titles = Array.from({ length: 9 }, (_, n) => `Bulk ${n}`);
		const out = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'create',
				fields: {
					mappingMode: 'defineBelow',
					value: { companyID: 174, title: titles[i], status: 1, priority: 2 },
				},
			}),
			9,
		);
		clearInterval(timer);
		const posts = calls().filter((c) => c.method === 'POST' && c.path === '/V1.0/Tickets');
		expect(posts).toHaveLength(9);
		// then one query reads the 9 records back, and the output is the records
		const ids = out.map((o) => o.json.id as number);
		expect(calls().filter((c) => c.path === '/V1.0/Tickets/query')).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: { filter: [{ op: 'in', field: 'id', value: ids }], MaxRecords: 9 },
			},
		]);
		expect(out.map((o) => o.json.title)).toEqual(titles);

		expect(out.map((o) => sb.store.get('Ticket', o.json.id as number)?.title)).toEqual(titles);
		expect(out.map((o) => o.pairedItem)).toEqual(titles.map((_, item) => ({ item })));
		expect(peak).toBeLessThanOrEqual(3);
		expect(peak).toBeGreaterThanOrEqual(2);
	});
});

describe('a fresh credential', () => {
	it('resolves its zone once, not once per write in flight', async () => {
		const out = await run(
			(i) => ({ resource: 'webhookEventErrorLog', operation: 'delete', id: String(i + 1) }),
			6,
			true,
		);
		expect(calls().filter((c) => c.method === 'DELETE')).toHaveLength(6);
		expect(sb.journal.filter((j) => /versioninformation/i.test(j.path))).toHaveLength(1);
		expect(out.map((o) => o.json.deleted ?? 'error')).toEqual([
			true,
			true,
			'error',
			'error',
			'error',
			'error',
		]);
	});
});

describe('resource locators', () => {
	const loadCtx = (parameters: IDataObject) =>
		context(parameters) as unknown as ILoadOptionsFunctions;

	it('From List searches the resource by its name fields, 50 per page, with a page token', async () => {
		const found = await searchRecords.call(loadCtx({ resource: 'company' }), 'legal');
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Companies/query',
				body: {
					filter: [
						{ op: 'gt', field: 'id', value: -1 },
						{ op: 'or', items: [{ op: 'contains', field: 'companyName', value: 'legal' }] },
					],
					IncludeFields: ['id', 'companyName'],
					MaxRecords: 50,
				},
			},
		]);
		expect(found).toEqual({ results: [{ name: 'Fabrikam Legal LLP', value: '175' }] });
		const tickets = await searchRecords.call(loadCtx({ resource: 'ticket' }), 'T20250902');
		expect(tickets.results).toEqual([
			{ name: 'T20250902.0002 Printer on 2nd floor offline', value: '7002' },
		]);
	});

	it('pages with the last ID as the token', async () => {
		const bench = await startSandbox({ seed: 'bench:120' });
		try {
			const ctx = createExecuteContext({
				credentials: makeCredentials({
					...bench.credentials,
					zone: 'custom',
					customUrl: bench.baseUrl,
				}),
				parameters: { resource: 'ticket' },
			}) as unknown as ILoadOptionsFunctions;
			const first = await searchRecords.call(ctx);
			expect(first.results).toHaveLength(50);
			const second = await searchRecords.call(ctx, '', first.paginationToken);
			expect(Number(second.results[0].value)).toBeGreaterThan(Number(first.paginationToken));
			expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(100);
		} finally {
			await bench.close();
		}
	});

	it("the parent's list: a ticket note's parent is searched among tickets", async () => {
		const found = await searchParents.call(loadCtx({ resource: 'ticketNote' }), 'Printer');
		expect(found.results.map((r) => r.value)).toContain('7002');
		expect(calls()[0].path).toBe('/V1.0/Tickets/query');
	});

	it('a ticket given by number is looked up once, then updated by ID', async () => {
		const out = await run({
			resource: 'ticket',
			operation: 'update',
			id: { __rl: true, mode: 'ticketNumber', value: 'T20250903.0003' },
			fields: { mappingMode: 'defineBelow', value: { priority: 3 } },
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: {
					filter: [{ op: 'eq', field: 'ticketNumber', value: 'T20250903.0003' }],
					IncludeFields: ['id', 'ticketNumber'],
					MaxRecords: 1,
				},
			},
			{ method: 'PATCH', path: '/V1.0/Tickets', body: { priority: 3, id: 7003 } },
			{
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: { filter: [{ op: 'in', field: 'id', value: [7003] }], MaxRecords: 1 },
			},
		]);
		expect(out[0].json).toMatchObject({ id: 7003, ticketNumber: 'T20250903.0003', priority: 3 });
	});

	it('a malformed or unknown ticket number fails before anything is written', async () => {
		const fields = { mappingMode: 'defineBelow', value: { priority: 1 } };
		await expect(
			run({
				resource: 'ticket',
				operation: 'update',
				fields,
				id: { __rl: true, mode: 'ticketNumber', value: '7003' },
			}),
		).rejects.toThrow('"7003" is not a ticket number');
		expect(calls()).toEqual([]);
		await expect(
			run({
				resource: 'ticket',
				operation: 'get',
				id: { __rl: true, mode: 'ticketNumber', value: 'T20990101.0001' },
			}),
		).rejects.toThrow('Autotask has no ticket with number T20990101.0001');
	});
});

describe('Get Many narrowed to a parent', () => {
	it('with nothing else asked, reads the list under the parent', async () => {
		const out = await run({
			resource: 'task',
			operation: 'getMany',
			parentId: { __rl: true, mode: 'list', value: '2' },
			returnAll: true,
		});
		expect(calls()).toEqual([{ method: 'GET', path: '/V1.0/Projects/2/Tasks', body: undefined }]);
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((o) => o.json.projectID === 2)).toBe(true);
	});

	it('with conditions, queries with the parent field added', async () => {
		await run({
			resource: 'task',
			operation: 'getMany',
			parentId: { __rl: true, mode: 'id', value: '1' },
			conditions: { condition: [{ field: 'status', op: 'eq', value: '8' }] },
			limit: 10,
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tasks/query',
				body: {
					filter: [
						{ op: 'eq', field: 'projectID', value: 1 },
						{ op: 'eq', field: 'status', value: 8 },
					],
					MaxRecords: 10,
				},
			},
		]);
	});
});

describe('Simplify', () => {
	it('keeps at most 10 key fields of a ticket, and the labels of kept picklists', async () => {
		const [t] = await run({
			resource: 'ticket',
			operation: 'get',
			id: '7001',
			simplify: true,
			outputOptions: { addPicklistLabels: true },
		});
		const plain = Object.keys(t.json).filter((k) => !k.endsWith('_label'));
		expect(plain).toEqual(
			[
				'id',
				'ticketNumber',
				'title',
				'status',
				'priority',
				'queueID',
				'companyID',
				'assignedResourceID',
				'createDate',
				'dueDateTime',
			].filter((k) => k in t.json),
		);
		expect(plain.length).toBeLessThanOrEqual(10);
		expect(t.json.status_label).toBe('New');
		expect(t.json.userDefinedFields).toBeUndefined();
	});

	it('for other entities keeps the ID, names and status first, dropping empty fields', async () => {
		const [c] = await run({
			resource: 'ticketCategory',
			operation: 'get',
			id: '2',
			simplify: true,
		});
		const keys = Object.keys(c.json);
		expect(keys.slice(0, 2)).toEqual(['id', 'name']);
		expect(keys.length).toBeLessThanOrEqual(10);
		expect(Object.values(c.json)).not.toContain(null);
	});
});

describe('API', () => {
	it('Get Zone Information asks the zone for the username', async () => {
		const [z] = await run({ resource: 'api', operation: 'zoneInformation' });
		expect(calls()).toEqual([{ method: 'GET', path: '/V1.0/ZoneInformation', body: undefined }]);
		expect(
			sb.journal.find((j) => /zoneinformation/i.test(j.path) && j.headers.username)?.query,
		).toEqual({ user: sb.credentials.username });
		expect(typeof z.json.url).toBe('string');
	});
});

describe('API: Get Entity Information', () => {
	it('returns one item per entity from GET /V1.0/EntityInformation', async () => {
		const out = await run({ resource: 'api', operation: 'entityInformation' });
		const sent = sb.journal
			.filter((j) => j.headers.username !== undefined)
			.map((j) => `${j.method} ${j.path}`);
		expect(sent).toEqual(['GET /ATServicesRest/V1.0/EntityInformation']);
		expect(out.length).toBeGreaterThan(200);
		expect(out.find((o) => o.json.name === 'Ticket')?.json).toMatchObject({
			canCreate: true,
			canQuery: true,
		});
		expect(out.every((o) => JSON.stringify(o.pairedItem) === '{"item":0}')).toBe(true);
	});
});

describe('a failing write among many', () => {
	it('stops starting new items, and says which items sent at the same time succeeded', async () => {
		sb.settings.latencyMs = 30;
		const titles = ['ok 0', 'ok 1', '', 'ok 3', 'ok 4', 'ok 5', 'ok 6'];
		const error = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'create',
				fields: {
					mappingMode: 'defineBelow',
					value: { companyID: 174, title: titles[i], status: 1, priority: 2 },
				},
			}),
			titles.length,
		).catch((e: Error & { description?: string; context?: IDataObject }) => e);
		expect(error).toBeInstanceOf(Error);
		const e = error as Error & { description?: string; context?: IDataObject };
		expect(e.context?.itemIndex).toBe(2);
		const posted = calls().filter((c) => c.method === 'POST').length;
		expect(posted).toBeLessThan(titles.length); // items after the failure were not started
		expect(e.description ?? '').toMatch(
			/(Item 3 was|Items 3, 4 were) sent at the same time and succeeded/,
		);
	});
});

describe('a write whose outcome is unknown among many (issue 14 point 10)', () => {
	afterEach(() => sb.faults.clear());

	it('the error lists the items sent at the same time that may have been applied, beside those that succeeded', async () => {
		sb.settings.latencyMs = 30;
		const stamp = Date.now();
		const titles = [`first ${stamp}`, `refused ${stamp}`, `dropped ${stamp}`, `done ${stamp}`];
		// item 1: Autotask refuses it; item 2: Autotask applies it, then the connection drops; item 3: made
		sb.faults.add({
			method: 'POST',
			path: '/V1\\.0/Tickets$',
			bodyMatch: `refused ${stamp}`,
			action: 'status',
			status: 500,
			body: { errors: ['Injected refusal'] },
		});
		sb.faults.add({
			method: 'POST',
			path: '/V1\\.0/Tickets$',
			bodyMatch: `dropped ${stamp}`,
			action: 'applied-then-dropped',
		});
		const error = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'create',
				fields: {
					mappingMode: 'defineBelow',
					value: { companyID: 174, title: titles[i], status: 1, priority: 2 },
				},
			}),
			titles.length,
		).catch((e: Error & { description?: string; context?: IDataObject }) => e);
		const e = error as Error & { description?: string; context?: IDataObject };
		expect(e.message).toBe('Injected refusal [item 1]');
		expect(e.context?.itemIndex).toBe(1);
		// every item was sent once; items 0, 2 and 3 exist in Autotask
		expect(
			calls()
				.filter((c) => c.method === 'POST')
				.map((c) => (c.body as IDataObject).title)
				.sort(),
		).toEqual([...titles].sort());
		const made = titles.filter((t) => [...sb.store.all('Ticket')].some((r) => r.title === t));
		expect(made).toEqual([titles[0], titles[2], titles[3]]);
		expect(e.description).toBe(
			'Autotask answered 500 to POST /V1.0/Tickets. Item 0 before it was written: do not send it again. ' +
				'Item 3 was sent at the same time and succeeded: do not send it again. ' +
				'Item 2 was sent at the same time and may have been applied: check in Autotask before re-running it.',
		);
	});
});

describe('Fields (resource mapper)', () => {
	const columns = async (parameters: IDataObject) =>
		(await getFields.call(context(parameters) as unknown as ILoadOptionsFunctions)).fields;

	it("marks required fields, but not the parent's ID field of a record written through its parent", async () => {
		const contact = await columns({
			resource: 'companyContact',
			operation: 'create',
			parentId: { __rl: true, mode: 'id', value: '174' },
		});
		expect(contact.find((c) => c.id === 'firstName')?.required).toBe(true);
		expect(contact.find((c) => c.id === 'companyID')?.required).toBe(false);
		const ticket = await columns({ resource: 'ticket', operation: 'create' });
		expect(ticket.find((c) => c.id === 'companyID')?.required).toBe(true);
		expect(ticket.find((c) => c.id === 'ticketNumber')).toBeUndefined(); // read-only
	});

	it('sends date fields that n8n hands over as DateTime or Date objects as ISO text in UTC', async () => {
		const out = await run({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: {
					companyID: 174,
					title: 'Dated',
					status: 1,
					priority: 2,
					dueDateTime: DateTime.fromISO('2026-03-01T10:30:00', { zone: 'Europe/Berlin' }),
					'udf:Customer PO': new Date(Date.UTC(2026, 2, 2, 8, 0, 0)),
				},
			},
		});
		const post = calls().find((c) => c.method === 'POST')!;
		expect(post.body).toMatchObject({
			dueDateTime: '2026-03-01T09:30:00.000Z',
			userDefinedFields: [{ name: 'Customer PO', value: '2026-03-02T08:00:00.000Z' }],
		});
		expect(typeof out[0].json.id).toBe('number');
	});
});
