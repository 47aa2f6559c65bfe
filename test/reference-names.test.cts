/**
 * References by name: wherever a reference field takes an ID it also takes a name (a company's name,
 * a resource's email or full name, a ticket number), looked up with one batched query per referenced
 * entity per execution, case-insensitively. Each case checks the exact requests the sandbox received.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { nameQueries, REFERENCE_NAMES } from '../nodes/Autotask/helpers/reference-names';
import { getFields } from '../nodes/Autotask/v1/methods/resourceMapping';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { autotaskNode, makeCredentials, sandboxContext } from './helpers/n8n-context.cjs';
import { createPollHarness } from './helpers/poll-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => sb.journal.splice(0));

function context(parameters: (i: number) => IDataObject, count = 1, continueOnFail = false) {
	const ctx = sandboxContext(sb, parameters, count, continueOnFail);
	return Object.assign(ctx, { getCurrentNodeParameter: () => undefined });
}
const run = async (parameters: (i: number) => IDataObject, count = 1, continueOnFail = false) =>
	(await autotaskNode().execute.call(context(parameters, count, continueOnFail)))[0];

/** The requests that are not metadata reads, as "METHOD /path". */
const sent = () =>
	sb.journal
		.filter((j) => !/entityInformation|versioninformation/i.test(j.path))
		.map((j) => `${j.method} ${j.path.replace('/ATServicesRest/V1.0', '')}`);
const bodies = (path: RegExp) =>
	sb.journal
		.filter((j) => j.method === 'POST' && path.test(j.path))
		.map((j) => j.body as IDataObject);

const company = (name: string) =>
	[...sb.store.all('Company')].find((c) => c.companyName === name)!.id as number;
const resource = (first: string) =>
	[...sb.store.all('Resource')].find((r) => r.firstName === first)!.id as number;

const ticket = (fields: IDataObject) => ({
	resource: 'ticket',
	operation: 'create',
	fields: {
		mappingMode: 'defineBelow',
		value: { title: 'Printer jam', status: 1, priority: 2, ...fields },
	},
});

describe('the field mapper: names in reference fields', () => {
	it('N tickets with company and resource by name: one query per referenced entity, then the creates with IDs', async () => {
		const names = ['Fabrikam Legal LLP', 'contoso dental group', 'TAILSPIN TOYS'];
		const people = ['Priya Shah', 'alex.morgan@sandbox-msp.example', 'sam okafor'];
		const out = await run(
			(i) =>
				ticket({
					companyID: names[i % 3],
					assignedResourceID: people[i % 3],
					assignedResourceRoleID: 1,
				}),
			9,
		);
		expect(sent().slice(0, 2).sort()).toEqual(['POST /Companies/query', 'POST /Resources/query']);
		expect(sent().slice(2, 11)).toEqual(Array(9).fill('POST /Tickets'));
		const created = bodies(/\/Tickets$/);
		const ids = [company('Fabrikam Legal LLP'), company('Contoso Dental Group')];
		expect(created.slice(0, 2).map((b) => b.companyID)).toEqual(ids);
		expect(created.slice(0, 3).map((b) => b.assignedResourceID)).toEqual([
			resource('Priya'),
			resource('Alex'),
			resource('Sam'),
		]);
		const [companies] = bodies(/Companies\/query$/);
		expect(companies.filter).toEqual([{ op: 'in', field: 'companyName', value: names }]);
		expect(out).toHaveLength(9);
	});

	it('IDs pass unchanged (never looked up); numeric text becomes a number', async () => {
		const id = company('Tailspin Toys');
		await run((i) => ticket({ companyID: i ? String(id) : id }), 2);
		expect(sent().filter((s) => /query$/.test(s) && !/Tickets/.test(s))).toEqual([]);
		expect(bodies(/\/Tickets$/).map((b) => b.companyID)).toEqual([id, id]);
	});

	it('mixed IDs and names: only the names are looked up', async () => {
		const id = company('Northwind Logistics');
		await run((i) => ticket({ companyID: i === 1 ? 'northwind logistics' : id }), 3);
		const [lookup, ...rest] = bodies(/Companies\/query$/);
		expect(rest).toEqual([]);
		expect(lookup.filter).toEqual([
			{ op: 'in', field: 'companyName', value: ['northwind logistics'] },
		]);
		expect(bodies(/\/Tickets$/).map((b) => b.companyID)).toEqual([id, id, id]);
	});

	it('a name that matches several records: the item fails listing the candidates, nothing of it is written', async () => {
		const a = sb.store.insert('Company', { companyName: 'Twin Corp', companyType: 1 }).id;
		const b = sb.store.insert('Company', { companyName: 'twin corp', companyType: 1 }).id;
		const out = await run(
			(i) => ticket({ companyID: i ? 'Tailspin Toys' : 'TWIN CORP', title: `Twin ${i}` }),
			2,
			true,
		);
		expect(out[0].json.error).toBe(
			`companyID "TWIN CORP" matches 2 Company records: Twin Corp (ID ${a}), twin corp (ID ${b})`,
		);
		expect(bodies(/\/Tickets$/).map((t) => t.title)).toEqual(['Twin 1']);
		expect(bodies(/Companies\/query$/)).toHaveLength(1);
	});

	it('a name that matches nothing: an error that says to give the ID, before any write', async () => {
		const err = await run(() => ticket({ companyID: 'Nobody Inc' })).catch((e: Error) => e);
		expect((err as Error).message).toBe('No Company named "Nobody Inc" for companyID [item 0]');
		expect((err as { description?: string }).description).toMatch(/give the numeric ID/);
		// The lookup, then one "contains" query for close matches to suggest.
		expect(sent()).toEqual(['POST /Companies/query', 'POST /Companies/query']);
	});

	it('a name that matches nothing exactly: close matches are suggested with their IDs', async () => {
		const err = await run(() => ticket({ companyID: 'Fabrikam' })).catch((e: Error) => e);
		expect((err as { description?: string }).description).toContain(
			`Close matches: Fabrikam Legal LLP (ID ${company('Fabrikam Legal LLP')}).`,
		);
		expect(bodies(/Tickets$/)).toEqual([]);
	});
});

describe('entities outside the table', () => {
	it('an entity with a name field is found by it (Company Location)', async () => {
		const fabrikam = company('Fabrikam Legal LLP');
		const site = sb.store.insert('CompanyLocation', {
			companyID: fabrikam,
			name: 'Main Office',
		}).id;
		await run(() => ticket({ companyID: fabrikam, companyLocationID: 'main office' }));
		expect(bodies(/CompanyLocations\/query$/).map((b) => b.filter)).toEqual([
			[{ op: 'in', field: 'name', value: ['main office'] }],
		]);
		expect(bodies(/\/Tickets$/)[0].companyLocationID).toBe(site);
	});

	it('an entity without a name field takes IDs only, with a clear error and no query', async () => {
		const err = await run(() => ticket({ companyID: 0, opportunityID: 'Big deal' })).catch(
			(e: Error) => e,
		);
		expect((err as Error).message).toBe('opportunityID "Big deal" is not an ID [item 0]');
		expect((err as { description?: string }).description).toMatch(/numeric ID/);
		expect(sent()).toEqual([]);
	});
});

describe('conditions and pickers by name', () => {
	it('Get Many: Company Equals a name, the items share one lookup', async () => {
		const names = ['Fabrikam Legal LLP', 'contoso dental group'];
		await run(
			(i) => ({
				resource: 'ticket',
				operation: 'getMany',
				returnAll: true,
				conditions: { condition: [{ field: 'companyID', op: 'eq', value: names[i] }] },
			}),
			2,
		);
		// each Return All sends the count with its first page
		expect(sent()).toEqual([
			'POST /Companies/query',
			'POST /Tickets/query',
			'POST /Tickets/query/count',
			'POST /Tickets/query',
			'POST /Tickets/query/count',
		]);
		expect(bodies(/Tickets\/query$/).map((b) => b.filter)).toEqual([
			[{ op: 'eq', field: 'companyID', value: company('Fabrikam Legal LLP') }],
			[{ op: 'eq', field: 'companyID', value: company('Contoso Dental Group') }],
		]);
	});

	it('In List with names and IDs mixed', async () => {
		const id = company('Tailspin Toys');
		await run(() => ({
			resource: 'ticket',
			operation: 'count',
			conditions: {
				condition: [{ field: 'companyID', op: 'in', value: `Fabrikam Legal LLP, ${id}` }],
			},
		}));
		const count = bodies(/Tickets\/query\/count$/)[0];
		expect(count.filter).toEqual([
			{ op: 'in', field: 'companyID', value: [company('Fabrikam Legal LLP'), id] },
		]);
	});

	it('a parent given by name (Contacts of a company) and a ticket by its number in By ID', async () => {
		const id = company('Fabrikam Legal LLP');
		await run(() => ({
			resource: 'companyContact',
			operation: 'getMany',
			parentId: { mode: 'id', value: 'Fabrikam Legal LLP' },
			returnAll: true,
		}));
		expect(sent()).toEqual(['POST /Companies/query', `GET /Companies/${id}/Contacts`]);
		sb.journal.splice(0);
		const number = String([...sb.store.all('Ticket')][0].ticketNumber);
		const [got] = await run(() => ({ resource: 'ticket', operation: 'get', id: number }));
		expect(got.json.ticketNumber).toBe(number);
		expect(bodies(/Tickets\/query$/)[0].filter).toEqual([
			{ op: 'in', field: 'ticketNumber', value: [number] },
		]);
	});

	it('Get across items by name: one lookup for all names, then one `in` query of the IDs', async () => {
		const names = ['Fabrikam Legal LLP', 'tailspin toys', String(company('Northwind Logistics'))];
		const out = await run(
			(i) => ({ resource: 'company', operation: 'get', id: { mode: 'id', value: names[i] } }),
			3,
		);
		expect(out.map((o) => o.json.companyName)).toEqual([
			'Fabrikam Legal LLP',
			'Tailspin Toys',
			'Northwind Logistics',
		]);
		expect(sent()).toEqual(['POST /Companies/query', 'POST /Companies/query']);
		expect(bodies(/Companies\/query$/)[0].filter).toEqual([
			{ op: 'in', field: 'companyName', value: ['Fabrikam Legal LLP', 'tailspin toys'] },
		]);
	});
});

describe('the Poll Trigger', () => {
	it('a condition by name is looked up once; the filter with the ID is kept for later polls', async () => {
		const h = createPollHarness({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
			parameters: {
				resource: 'ticket',
				watch: 'new',
				dateField: 'createDate',
				conditions: { condition: [{ field: 'companyID', op: 'eq', value: 'fabrikam legal llp' }] },
			},
		});
		await h.poll();
		expect(bodies(/Companies\/query$/)).toHaveLength(1);
		sb.journal.splice(0);
		await h.poll();
		expect(bodies(/Companies\/query$/)).toHaveLength(0);
		expect(bodies(/Tickets\/query$/)[0].filter).toContainEqual({
			op: 'eq',
			field: 'companyID',
			value: company('Fabrikam Legal LLP'),
		});
	});
});

describe('lookup queries', () => {
	it('501 items with 501 company names: 2 lookups (500 + 1 names), unknown names suggest at most 5 times', async () => {
		const names = Array.from({ length: 501 }, (_, i) => `Lookup Co ${i}`);
		for (const companyName of names.slice(0, 500))
			sb.store.insert('Company', { companyName, companyType: 1 });
		const out = await run(
			(i) => ({
				resource: 'ticket',
				operation: 'count',
				conditions: { condition: [{ field: 'companyID', op: 'eq', value: names[i] }] },
			}),
			501,
			true,
		);
		const lookups = bodies(/Companies\/query$/).filter(
			(b) => (b.filter as IDataObject[])[0].op === 'in',
		);
		expect(lookups.map((b) => ((b.filter as IDataObject[])[0].value as string[]).length)).toEqual([
			500, 1,
		]);
		expect(bodies(/Companies\/query$/)).toHaveLength(3); // + the one close-match query
		expect(out[500].json.error).toBe('No Company named "Lookup Co 500" for companyID');
		expect(bodies(/Tickets\/query\/count$/)).toHaveLength(500);
	});

	it('at most 500 names per query; full names as first + last name, at most 500 ORs', () => {
		const names = Array.from({ length: 1200 }, (_, i) => `Company ${i}`);
		const queries = nameQueries(REFERENCE_NAMES.Company, names);
		expect(queries.map((q) => (q[0].value as string[]).length)).toEqual([500, 500, 200]);
		const people = Array.from({ length: 600 }, (_, i) => `Person${i} Last${i}`);
		const byName = nameQueries(REFERENCE_NAMES.Resource, [...people, 'a@b.example']);
		expect(byName.map((q) => (q[0].items as IDataObject[]).length)).toEqual([500, 101]);
		expect(byName[0][0].items as IDataObject[]).toContainEqual({
			op: 'in',
			field: 'email',
			value: ['a@b.example'],
		});
		expect(byName[0][0].items as IDataObject[]).toContainEqual({
			op: 'and',
			items: [
				{ op: 'eq', field: 'firstName', value: 'Person0' },
				{ op: 'eq', field: 'lastName', value: 'Last0' },
			],
		});
	});
});

describe('the mapper columns', () => {
	it('references are string columns, picklists offer their labels as values', async () => {
		const load = context(() => ({
			resource: 'ticket',
			operation: 'create',
		})) as unknown as ILoadOptionsFunctions;
		const { fields } = await getFields.call(load);
		const column = (id: string) => fields.find((f) => f.id === id)!;
		expect(column('companyID').type).toBe('string');
		expect(column('assignedResourceID').type).toBe('string');
		expect(column('priority').type).toBe('options');
		expect(column('priority').options).toContainEqual({ name: 'High', value: 'High' });
		expect(column('priority').options!.every((o) => o.name === o.value)).toBe(true);
	});
});
