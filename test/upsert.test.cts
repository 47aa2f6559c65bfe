/**
 * Create or Update and Find or Create against the sandbox: the exact requests Autotask receives (one
 * `in` query per 500 items for one match field, then the creates and updates, then the read-back) and
 * the items the node returns, each with its action.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { getMatchFields } from '../nodes/Autotask/v1/methods/loadOptions';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { createExecuteContext, makeCredentials, runOnSandbox } from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.journal.splice(0);
	sb.faults.clear();
});

/** Runs the node over `count` items; each item's parameters from `parameters(i)`. */
const run = (parameters: (i: number) => IDataObject, count = 1, continueOnFail = false) =>
	runOnSandbox(sb, parameters, count, continueOnFail);

/** The Autotask calls the node made, without the metadata reads. */
const calls = () =>
	sb.journal
		.filter((j) => !/versioninformation|entityInformation|zoneInformation/i.test(j.path))
		.map((j) => ({
			method: j.method,
			path: j.path.replace('/ATServicesRest', ''),
			body: j.body as IDataObject,
		}));
const company = (name: string, extra: IDataObject = {}) => ({
	companyName: name,
	companyType: 1,
	phone: '555-0199',
	ownerResourceID: 29682885,
	...extra,
});

const writes = () => calls().filter((c) => c.method !== 'POST' || !/\/query$/.test(c.path));
const queries = () => calls().filter((c) => c.method === 'POST' && /\/query$/.test(c.path));
const upsertCompanies = (names: string[], extra: IDataObject = {}, continueOnFail = false) =>
	run(
		(i) => ({
			resource: 'company',
			operation: 'createOrUpdate',
			matchOn: ['companyName'],
			fields: { mappingMode: 'defineBelow', value: company(names[i], extra) },
		}),
		names.length,
		continueOnFail,
	);

describe('Create or Update', () => {
	it('updates the records that exist and creates the others: one `in` query, then the writes, then the read-back', async () => {
		const names = [
			'CONTOSO dental group',
			'Upsert New One',
			'Fabrikam Legal LLP',
			'Upsert New Two',
		];
		const out = await upsertCompanies(names, { phone: '555-0111' });
		const [match, ...rest] = calls();
		expect(match).toEqual({
			method: 'POST',
			path: '/V1.0/Companies/query',
			body: { filter: [{ op: 'in', field: 'companyName', value: names }], MaxRecords: 500 },
		});
		const sent = rest.slice(0, 4).sort((a, b) => a.method.localeCompare(b.method));
		expect(sent.map((c) => [c.method, c.path])).toEqual([
			['PATCH', '/V1.0/Companies'],
			['PATCH', '/V1.0/Companies'],
			['POST', '/V1.0/Companies'],
			['POST', '/V1.0/Companies'],
		]);
		expect(sent[0].body).toEqual({ ...company(names[0], { phone: '555-0111' }), id: 174 });
		expect(sent[2].body).toEqual(
			company(sent[2].body.companyName as string, { phone: '555-0111' }),
		);
		const readBack = rest[4];
		expect(readBack.path).toBe('/V1.0/Companies/query');
		expect(rest).toHaveLength(5);
		expect(out.map((o) => [o.json.companyName, o.json.phone, o.json.action])).toEqual([
			[names[0], '555-0111', 'updated'],
			[names[1], '555-0111', 'created'],
			[names[2], '555-0111', 'updated'],
			[names[3], '555-0111', 'created'],
		]);
		expect(out.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	it('600 items, half of them existing: 2 match queries (500 + 100), 300 creates, 300 updates, 2 read-back queries', async () => {
		const first = Array.from({ length: 300 }, (_, i) => `Bulk ${i}`);
		await upsertCompanies(first);
		sb.journal.splice(0);
		const names = Array.from({ length: 600 }, (_, i) => `Bulk ${i}`);
		const out = await upsertCompanies(names, { phone: '555-0600' });
		const matchQueries = queries().filter((q) => JSON.stringify(q.body).includes('"companyName"'));
		expect(
			matchQueries.map((q) => ((q.body.filter as IDataObject[])[0].value as string[]).length),
		).toEqual([500, 100]);
		expect(writes().filter((c) => c.method === 'PATCH')).toHaveLength(300);
		expect(writes().filter((c) => c.method === 'POST')).toHaveLength(300);
		expect(queries()).toHaveLength(4);
		expect(out.filter((o) => o.json.action === 'updated')).toHaveLength(300);
		expect(out.slice(0, 300).every((o) => o.json.action === 'updated')).toBe(true);
		expect(
			out.slice(300).every((o) => o.json.action === 'created' && o.json.phone === '555-0600'),
		).toBe(true);
	});

	it('items with the same new match value: the first creates, the next updates that record (no duplicate)', async () => {
		const out = await upsertCompanies(['Twin Co', 'twin co']);
		expect(writes().map((c) => c.method)).toEqual(['POST', 'PATCH']);
		expect(out.map((o) => o.json.action)).toEqual(['created', 'updated']);
		expect(out[0].json.id).toBe(out[1].json.id);
	});

	it('several matching records: an error listing their IDs, nothing written', async () => {
		const run1 = run(() => ({
			resource: 'company',
			operation: 'createOrUpdate',
			matchOn: ['city'],
			fields: {
				mappingMode: 'defineBelow',
				value: company('Whatever', { city: 'Seattle' }),
			},
		}));
		await expect(run1).rejects.toThrow(/^2 companies match item 0: IDs \d+, \d+/);
		expect(writes()).toEqual([]);
	});

	it('Update All: every matching record is updated, one output item each', async () => {
		const out = await run(() => ({
			resource: 'company',
			operation: 'createOrUpdate',
			matchOn: ['city'],
			ifSeveralMatch: 'updateAll',
			fields: { mappingMode: 'defineBelow', value: { city: 'Boise', phone: '555-0222' } },
		}));
		expect(writes().map((c) => [c.method, c.body])).toEqual([
			['PATCH', { city: 'Boise', phone: '555-0222', id: out[0].json.id }],
			['PATCH', { city: 'Boise', phone: '555-0222', id: out[1].json.id }],
		]);
		expect(out.map((o) => [o.json.phone, o.json.action, o.pairedItem])).toEqual([
			['555-0222', 'updated', { item: 0 }],
			['555-0222', 'updated', { item: 0 }],
		]);
	});

	it('Update All stopped by a refused update: the error says which records were updated before it', async () => {
		sb.faults.add({
			method: 'PATCH',
			path: '/V1.0/Companies$',
			bodyMatch: '"id":181',
			action: 'status',
			status: 500,
			body: { errors: ['Refused for the test'] },
		});
		const run1 = run(() => ({
			resource: 'company',
			operation: 'createOrUpdate',
			matchOn: ['city'],
			ifSeveralMatch: 'updateAll',
			fields: { mappingMode: 'defineBelow', value: { city: 'Spokane', phone: '555-0333' } },
		}));
		await expect(run1).rejects.toMatchObject({
			description: expect.stringContaining(
				'ID 177 of the matching records was updated before this one',
			),
		});
		expect(writes().map((c) => (c.body as IDataObject).id)).toEqual([177, 181]);
	});

	it('an unknown Match On field: a clear error before any query or write', async () => {
		const run1 = run(() => ({
			resource: 'company',
			operation: 'createOrUpdate',
			matchOn: ['emailAdress'],
			fields: { mappingMode: 'defineBelow', value: company('Nope Co') },
		}));
		await expect(run1).rejects.toThrow(
			'Match On field "emailAdress" is not a queryable field of Company',
		);
		expect(calls()).toEqual([]);
	});

	it('a UDF added in Autotask after the metadata was cached: Match On finds it on fresh metadata', async () => {
		await upsertCompanies(['Cache Warm Co']);
		const defs = sb.store.udfDefinitions.get('Company')!;
		defs.push({ id: 97, name: 'Match Key', type: 'string' });
		try {
			sb.journal.splice(0);
			const out = await run(() => ({
				resource: 'company',
				operation: 'createOrUpdate',
				matchOn: ['udf:Match Key'],
				fields: {
					mappingMode: 'defineBelow',
					value: company('Udf Keyed Co', { 'udf:Match Key': 'K-1' }),
				},
			}));
			expect(queries()[0].body.filter).toEqual([
				{ op: 'eq', field: 'Match Key', value: 'K-1', udf: true },
			]);
			expect(out.map((o) => o.json.action)).toEqual(['created']);
		} finally {
			defs.splice(defs.length - 1, 1);
		}
	});

	it('an empty match value: an error naming the item, before any query or write', async () => {
		const run1 = upsertCompanies(['Fine Co', '']);
		await expect(run1).rejects.toThrow(/companyName is empty in item 1/);
		expect(calls()).toEqual([]);
	});

	it('a child entity through its parent: matched within the parent, written through the parent URL', async () => {
		const contact = (email: string) => ({
			firstName: 'Dana',
			lastName: 'Whitfield',
			emailAddress: email,
			isActive: 1,
		});
		const emails = ['dana@contoso.example', 'new.person@contoso.example'];
		const out = await run(
			(i) => ({
				resource: 'companyContact',
				operation: 'createOrUpdate',
				parentId: '174',
				matchOn: ['emailAddress'],
				fields: { mappingMode: 'defineBelow', value: contact(emails[i]) },
			}),
			2,
		);
		expect(calls()[0]).toEqual({
			method: 'POST',
			path: '/V1.0/Contacts/query',
			body: {
				filter: [
					{ op: 'in', field: 'emailAddress', value: emails },
					{ op: 'eq', field: 'companyID', value: 174 },
				],
				MaxRecords: 500,
			},
		});
		const sent = writes().sort((a, b) => a.method.localeCompare(b.method));
		expect(sent.map((c) => [c.method, c.path])).toEqual([
			['PATCH', '/V1.0/Companies/174/Contacts'],
			['POST', '/V1.0/Companies/174/Contacts'],
		]);
		expect(sent[1].body).toEqual({ ...contact(emails[1]), companyID: 174 });
		expect(out.map((o) => [o.json.emailAddress, o.json.companyID, o.json.action])).toEqual([
			[emails[0], 174, 'updated'],
			[emails[1], 174, 'created'],
		]);
	});

	it('Continue On Fail: a failed item becomes an error item, the others are written', async () => {
		const out = await upsertCompanies(['Cof Co', '', 'Cof Co Two'], {}, true);
		expect(out.map((o) => o.json.action ?? o.json.error)).toEqual([
			'created',
			expect.stringMatching(/companyName is empty in item 1/),
			'created',
		]);
		expect(writes().map((c) => c.method)).toEqual(['POST', 'POST']);
	});
});

describe('Find or Create', () => {
	const ticket = (title: string, companyID = 174) => ({
		title,
		companyID,
		status: 1,
		priority: 2,
		queueID: 8,
	});
	const findOrCreate = (values: IDataObject[], params: IDataObject = {}) =>
		run(
			(i) => ({
				resource: 'ticket',
				operation: 'findOrCreate',
				matchOn: ['title', 'companyID'],
				fields: { mappingMode: 'defineBelow', value: values[i] },
				...params,
			}),
			values.length,
		);

	it('returns the record found, creates the missing one, never updates', async () => {
		const out = await findOrCreate([
			ticket('Outlook keeps asking for password'),
			ticket('Disk alert on SRV-01'),
		]);
		expect(queries()[0].body).toEqual({
			filter: [
				{
					op: 'in',
					field: 'title',
					value: ['Outlook keeps asking for password', 'Disk alert on SRV-01'],
				},
				{ op: 'eq', field: 'companyID', value: 174 },
			],
			MaxRecords: 500,
		});
		expect(writes().map((c) => [c.method, c.path])).toEqual([['POST', '/V1.0/Tickets']]);
		expect(out.map((o) => [o.json.id, o.json.title, o.json.action])).toEqual([
			[7001, 'Outlook keeps asking for password', 'found'],
			[expect.any(Number), 'Disk alert on SRV-01', 'created'],
		]);
	});

	it('two match fields over 501 items: 2 queries (500 + 1 keys), each field an `in` list', async () => {
		const values = Array.from({ length: 501 }, (_, i) => ticket(`Batch alert ${i}`, 174 + (i % 3)));
		const out = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'findOrCreate',
				matchOn: ['title', 'companyID'],
				fields: { mappingMode: 'defineBelow', value: values[i] },
				writeOptions: { returnIdOnly: true },
			}),
			values.length,
		);
		expect(
			queries().map((q) =>
				(q.body.filter as IDataObject[]).map((f) => [
					f.op,
					f.field,
					Array.isArray(f.value) ? f.value.length : f.value,
				]),
			),
		).toEqual([
			[
				['in', 'title', 500],
				['in', 'companyID', 3],
			],
			[
				['eq', 'title', 'Batch alert 500'],
				['eq', 'companyID', 176],
			],
		]);
		expect(writes()).toHaveLength(501);
		expect(out.every((o) => o.json.action === 'created' && typeof o.json.itemId === 'number')).toBe(
			true,
		);
	});

	it('a match field given by name (company "Fabrikam Legal LLP"): matched on the ID it names', async () => {
		const out = await findOrCreate([
			ticket('Printer on 2nd floor offline', 'Fabrikam Legal LLP' as unknown as number),
		]);
		const match = queries().find((q) => JSON.stringify(q.body).includes('"title"'))!;
		expect(match.body.filter).toEqual([
			{ op: 'eq', field: 'title', value: 'Printer on 2nd floor offline' },
			{ op: 'eq', field: 'companyID', value: 175 },
		]);
		expect(out.map((o) => [o.json.id, o.json.action])).toEqual([[7002, 'found']]);
	});

	it('the same alert twice in one run: one ticket, created then found', async () => {
		const out = await findOrCreate([ticket('Alert 42'), ticket('alert 42')]);
		expect(writes().map((c) => c.method)).toEqual(['POST']);
		expect(out.map((o) => o.json.action)).toEqual(['created', 'found']);
		expect(out[1].json.id).toBe(out[0].json.id);
		expect(out[1].json.title).toBe('Alert 42');
	});

	it('Also Require: a completed ticket does not count, so an open one is created', async () => {
		const done = ticket('Wi-Fi slow in conference room');
		expect((await findOrCreate([done]))[0].json).toMatchObject({ id: 7007, action: 'found' });
		sb.journal.splice(0);
		const out = await findOrCreate([done], {
			conditions: { condition: [{ field: 'status', op: 'noteq', value: '5' }] },
		});
		expect((queries()[0].body.filter as IDataObject[]).slice(0, 1)).toEqual([
			{ op: 'noteq', field: 'status', value: 5 },
		]);
		expect(out[0].json).toMatchObject({ status: 1, action: 'created' });
	});

	it('several matching records: an error listing them, or the oldest with Use the Oldest', async () => {
		const params = { matchOn: ['companyID'] };
		await expect(findOrCreate([{ companyID: 175 }], params)).rejects.toThrow(
			/^\d+ tickets match item 0: IDs 7002, /,
		);
		expect(writes()).toEqual([]);
		const out = await findOrCreate([{ companyID: 175 }], { ...params, ifSeveralMatch: 'oldest' });
		expect(out.map((o) => [o.json.id, o.json.action])).toEqual([[7002, 'found']]);
		expect(writes()).toEqual([]);
	});

	it('an entity Autotask cannot update (company team): found or created through its parent', async () => {
		const team = (n: number) =>
			run(() => ({
				resource: 'companyTeam',
				operation: 'findOrCreate',
				parentId: '175',
				matchOn: ['resourceID'],
				fields: { mappingMode: 'defineBelow', value: { resourceID: 29682885 } },
			})).then((out) => out.map((o) => [o.json.resourceID, o.json.action, n]));
		expect(await team(1)).toEqual([[29682885, 'created', 1]]);
		expect(await team(2)).toEqual([[29682885, 'found', 2]]);
		expect(writes().map((c) => [c.method, c.path])).toEqual([
			['POST', '/V1.0/Companies/175/Teams'],
		]);
	});
});

describe('Match On', () => {
	it('lists the fields a write can give and Autotask can query, UDFs included', async () => {
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
			parameters: (name: string) => ({ resource: 'ticket' })[name as 'resource'],
			items: [{ json: {} }],
		}) as unknown as ILoadOptionsFunctions;
		const values = (await getMatchFields.call(ctx)).map((o) => o.value);
		expect(values).toEqual(expect.arrayContaining(['title', 'companyID', 'status']));
		expect(values.some((v) => String(v).startsWith('udf:'))).toBe(true);
		expect(values).not.toContain('id');
		expect(values).not.toContain('ticketNumber');
		expect(values).not.toContain('createDate');
	});
});
