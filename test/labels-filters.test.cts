/**
 * What a person types into filters: picklist labels instead of numbers, readable field names in the
 * lists, and JSON filters checked before they are sent. Each case checks the exact query the sandbox
 * received (or that none was sent) and how many requests it took.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { fieldLabel } from '../nodes/Autotask/helpers/field-labels';
import {
	getConditionFields,
	getConditionPicklistValues,
	getQueryFields,
} from '../nodes/Autotask/v1/methods/loadOptions';
import { getFields } from '../nodes/Autotask/v1/methods/resourceMapping';
import { clearMetadataCache } from '../nodes/Autotask/helpers/metadata-cache';
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
beforeEach(() => sb.journal.splice(0));

function context(
	parameters: IDataObject,
	extra: Record<string, unknown> = {},
	input: IDataObject = {},
) {
	const lookup = (name: string) => {
		if (name in extra) return extra[name];
		return parameterAt(parameters, name);
	};
	const ctx = createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: lookup,
		items: [{ json: input }],
	});
	// loadOptions inside a fixedCollection row read their siblings as "&name".
	return Object.assign(ctx, { getCurrentNodeParameter: (name: string) => lookup(name) });
}
const run = async (parameters: IDataObject) =>
	(await autotaskNode().execute.call(context(parameters)))[0];
const tickets = (conditions: IDataObject[], more: IDataObject = {}) =>
	run({
		resource: 'ticket',
		operation: 'getMany',
		returnAll: true,
		conditions: { condition: conditions },
		...more,
	});
const jsonTickets = (filter: unknown) =>
	run({
		resource: 'ticket',
		operation: 'getMany',
		returnAll: true,
		filterMode: 'json',
		filterJson: JSON.stringify(filter),
	});
/** The query bodies the sandbox received. */
const queries = () =>
	sb.journal.filter((j) => /\/query$/.test(j.path)).map((j) => (j.body as IDataObject).filter);
const metadataReads = () => sb.journal.filter((j) => /entityInformation/.test(j.path)).length;
const errorOf = (p: Promise<unknown>) =>
	p.then(
		() => undefined,
		(e: Error & { description?: string }) => e,
	);

describe('picklist labels in Conditions', () => {
	it('"priority High, status not Complete" become Autotask values, with no extra request', async () => {
		await tickets([
			{ field: 'priority', op: 'eq', value: 'High' },
			{ field: 'status', op: 'noteq', value: 'complete' },
		]);
		expect(queries()).toEqual([
			[
				{ op: 'eq', field: 'priority', value: 1 },
				{ op: 'noteq', field: 'status', value: 5 },
			],
		]);
		const withLabels = sb.journal.length;
		sb.journal.splice(0);
		clearMetadataCache(); // both runs cold: the metadata cache (issue 18) would make the second one cheaper
		await tickets([
			{ field: 'priority', op: 'eq', value: '1' },
			{ field: 'status', op: 'noteq', value: '5' },
		]);
		expect(sb.journal.length).toBe(withLabels); // labels cost 0 requests
		expect(metadataReads()).toBeGreaterThan(0);
	});

	it('company type Customer by label', async () => {
		const out = await run({
			resource: 'company',
			operation: 'getMany',
			returnAll: true,
			conditions: { condition: [{ field: 'companyType', op: 'eq', value: 'customer' }] },
		});
		expect(queries()).toEqual([[{ op: 'eq', field: 'companyType', value: 1 }]]);
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((o) => o.json.companyType === 1)).toBe(true);
	});

	it('labels in an In List, and a valid number, pass together', async () => {
		await tickets([{ field: 'status', op: 'in', value: 'New, In Progress, 7' }]);
		expect(queries()).toEqual([[{ op: 'in', field: 'status', value: [1, 8, 7] }]]);
	});

	it('values picked from the dropdown (the field marked as a picklist): several on Equals make an In List', async () => {
		await tickets([{ field: 'picklist:priority', op: 'eq', picklistValues: ['1', '4'] }]);
		expect(queries()).toEqual([[{ op: 'in', field: 'priority', value: [1, 4] }]]);
		sb.journal.splice(0);
		await tickets([{ field: 'picklist:priority', op: 'noteq', picklistValues: ['3'] }]);
		expect(queries()).toEqual([[{ op: 'noteq', field: 'priority', value: 3 }]]);
	});

	it('a dependent picklist resolves within its parent: sub-issue type "Other" under issue type Software', async () => {
		await tickets([
			{ field: 'issueType', op: 'eq', value: 'Software' },
			{ field: 'subIssueType', op: 'eq', value: 'other' },
		]);
		expect(queries()).toEqual([
			[
				{ op: 'eq', field: 'issueType', value: 2 },
				{ op: 'eq', field: 'subIssueType', value: 29 },
			],
		]);
	});

	it('a label found under several parents, with no parent given, asks for the parent', async () => {
		const err = await errorOf(tickets([{ field: 'subIssueType', op: 'eq', value: 'Other' }]));
		expect(err?.message).toBe('subIssueType "Other" matches 2 picklist values (19, 29) [item 0]');
		expect(err?.description).toMatch(/give issueType too/);
		expect(queries()).toEqual([]);
	});

	it('an unknown label lists the valid ones; nothing is queried', async () => {
		const err = await errorOf(tickets([{ field: 'priority', op: 'eq', value: 'Urgent' }]));
		expect(err?.message).toBe('priority "Urgent" is not one of its picklist labels [item 0]');
		expect(err?.description).toBe(
			'priority must be one of: Critical, High, Medium, Low (or its numeric value).',
		);
		expect(queries()).toEqual([]);
	});

	it('an inactive label is refused, listing the active ones', async () => {
		const err = await errorOf(tickets([{ field: 'status', op: 'eq', value: 'Cancelled' }]));
		expect(err?.message).toBe('status "Cancelled" is an inactive picklist value [item 0]');
		expect(err?.description).not.toMatch(/Cancelled/);
		expect(err?.description).toMatch(/^status must be one of: New, Complete, /);
		expect(queries()).toEqual([]);
	});

	it('a number that is not a value of the picklist is refused', async () => {
		const err = await errorOf(tickets([{ field: 'priority', op: 'eq', value: '9' }]));
		expect(err?.message).toBe('priority "9" is not one of its picklist values [item 0]');
		expect(queries()).toEqual([]);
	});
});

describe('JSON filters are checked before they are sent', () => {
	const refusedBeforeSending = async (filter: unknown, message: string, description?: RegExp) => {
		const err = await errorOf(jsonTickets(filter));
		expect(err?.message).toBe(`${message} [item 0]`);
		if (description) expect(err?.description).toMatch(description);
		expect(queries()).toEqual([]);
	};

	it('an unknown operator ("equals") would return every record: refused', () =>
		refusedBeforeSending(
			[{ op: 'equals', field: 'status', value: 1 }],
			'Filter condition filter[0] has the unknown operator "equals"',
			/eq, noteq, gt, gte, lt, lte, beginsWith, endsWith, contains, exist, notExist, in, notIn/,
		));

	it('and/or without items', () =>
		refusedBeforeSending(
			[{ op: 'or', items: [] }],
			'Filter condition filter[0] ("or") has no items',
			/"items"/,
		));

	it('an unknown operator inside a group names where it is', () =>
		refusedBeforeSending(
			[
				{
					op: 'and',
					items: [
						{ op: 'eq', field: 'status', value: 1 },
						{ op: 'like', field: 'title', value: 'x' },
					],
				},
			],
			'Filter condition filter[0].items[1] has the unknown operator "like"',
		));

	it('"in" with one value instead of a list', () =>
		refusedBeforeSending(
			[{ op: 'in', field: 'status', value: 1 }],
			'Filter condition filter[0] ("in") needs a list of values',
			/non-empty array/,
		));

	it('"eq" with a list', () =>
		refusedBeforeSending(
			[{ op: 'eq', field: 'status', value: [1, 5] }],
			'Filter condition filter[0] ("eq") needs one value',
			/use "in" for a list/,
		));

	it('a value of the wrong type for a number field', () =>
		refusedBeforeSending(
			[{ op: 'gt', field: 'companyID', value: 'abc' }],
			'Filter condition filter[0]: "abc" is not a number',
		));

	it('an unknown field', () =>
		refusedBeforeSending(
			[{ op: 'eq', field: 'stauts', value: 1 }],
			'Ticket has no field "stauts" to filter on (condition filter[0])',
		));

	it('two user-defined field conditions, before any request', async () => {
		await refusedBeforeSending(
			[
				{ op: 'eq', field: 'A', udf: true, value: '1' },
				{ op: 'eq', field: 'B', udf: true, value: '2' },
			],
			'The filter has 2 user-defined field conditions',
		);
		expect(sb.journal).toEqual([]);
	});

	it("labels in a JSON filter become values, operators keep Autotask's spelling", async () => {
		await jsonTickets([
			{
				op: 'OR',
				items: [
					{ op: 'eq', field: 'priority', value: 'critical' },
					{ op: 'NotIn', field: 'status', value: ['Complete', 'New'] },
				],
			},
		]);
		expect(queries()).toEqual([
			[
				{
					op: 'or',
					items: [
						{ op: 'eq', field: 'priority', value: 4 },
						{ op: 'notIn', field: 'status', value: [5, 1] },
					],
				},
			],
		]);
	});
});

describe('readable field names', () => {
	it('turns API names into labels', () => {
		expect(fieldLabel({ name: 'companyID', isReference: true })).toBe('Company');
		expect(fieldLabel({ name: 'assignedResourceID', isReference: true })).toBe('Assigned Resource');
		expect(fieldLabel({ name: 'dueDateTime' })).toBe('Due Date Time');
		expect(fieldLabel({ name: 'ticketCategory' })).toBe('Ticket Category');
		expect(fieldLabel({ name: 'externalID', isReference: false })).toBe('External ID');
		expect(fieldLabel({ name: 'id' })).toBe('ID');
		expect(fieldLabel({ name: 'address1' })).toBe('Address 1');
		expect(fieldLabel({ name: 'serviceLevelAgreementID', isReference: true })).toBe(
			'Service Level Agreement',
		);
		expect(fieldLabel({ name: 'Customer PO', label: 'Customer PO Number', isUdf: true })).toBe(
			'Customer PO Number',
		);
	});

	const load = (parameters: IDataObject, extra: Record<string, unknown> = {}) =>
		context(parameters, extra) as unknown as ILoadOptionsFunctions;

	it('in the Conditions and Select Fields lists, with the API name in the description', async () => {
		const select = await getQueryFields.call(load({ resource: 'ticket' }));
		expect(select).toContainEqual({
			name: 'Company',
			value: 'companyID',
			description: 'companyID (integer)',
		});
		expect(select).toContainEqual({
			name: 'Due Date Time',
			value: 'dueDateTime',
			description: 'dueDateTime (datetime)',
		});
		const conditions = await getConditionFields.call(load({ resource: 'ticket' }));
		expect(conditions).toContainEqual(
			expect.objectContaining({ name: 'Priority', value: 'picklist:priority' }),
		);
		expect(conditions).toContainEqual(
			expect.objectContaining({ name: 'Company', value: 'companyID' }),
		);
	});

	it("a condition's value dropdown lists the picklist's active labels", async () => {
		const priorities = await getConditionPicklistValues.call(
			load({ resource: 'ticket' }, { '&field': 'picklist:priority' }),
		);
		expect(priorities.map((p) => [p.name, p.value])).toEqual([
			['Critical', '4'],
			['High', '1'],
			['Medium', '2'],
			['Low', '3'],
		]);
		const statuses = await getConditionPicklistValues.call(
			load({ resource: 'ticket' }, { '&field': 'picklist:status' }),
		);
		expect(statuses.map((p) => p.name)).not.toContain('Cancelled');
		const subIssues = await getConditionPicklistValues.call(
			load({ resource: 'ticket' }, { '&field': 'picklist:subIssueType' }),
		);
		expect(subIssues.map((p) => p.name)).toEqual(
			expect.arrayContaining(['Other (Hardware)', 'Other (Software)']),
		);
	});

	it('in the field mapper', async () => {
		const { fields } = await getFields.call(load({ resource: 'ticket', operation: 'create' }));
		expect(fields.find((f) => f.id === 'assignedResourceID')?.displayName).toBe(
			'Assigned Resource',
		);
		expect(fields.find((f) => f.id === 'companyID')?.displayName).toBe('Company');
		expect(fields.find((f) => f.id === 'udf:Customer PO')?.displayName).toMatch(/ \(UDF\)$/);
	});

	it('in Get Field Info, as an added label (API resource, Entity = Ticket)', async () => {
		const out = await run({ resource: 'api', operation: 'getFieldInfo', entity: 'ticket' });
		const company = out.find((o) => o.json.name === 'companyID')?.json;
		expect(company).toMatchObject({ name: 'companyID', label: 'Company', isUdf: false });
		expect(sb.journal.map((j) => j.path.replace('/ATServicesRest', ''))).toEqual(
			expect.arrayContaining([
				'/V1.0/Tickets/entityInformation/fields',
				'/V1.0/Tickets/entityInformation/userDefinedFields',
			]),
		);
	});
});

describe('picklist labels in writes', () => {
	const createTicket = (value: IDataObject) =>
		run({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: { companyID: 0, title: 'Label test', ...value },
			},
		});
	const posted = () =>
		sb.journal
			.filter((j) => j.method === 'POST' && /\/Tickets$/.test(j.path))
			.map((j) => j.body as IDataObject);

	it('labels in the input of Map Automatically are sent as values, dependent ones within their parent, with no extra request', async () => {
		// n8n itself checks a dropdown column filled by an expression against the dropdown's values, so labels
		// reach the node through Map Automatically (the input item's fields), which n8n does not check.
		const input = {
			companyID: 0,
			title: 'Auto-mapped',
			status: 'new',
			priority: 'High',
			issueType: 'Software',
			subIssueType: 'Other',
			queueID: 'Level I Support',
		};
		const schema = Object.keys(input).map((id) => ({ id, display: true, removed: false }));
		const ctx = context(
			{
				resource: 'ticket',
				operation: 'create',
				fields: { mappingMode: 'autoMapInputData', value: null, schema },
			},
			{},
			input,
		);
		await autotaskNode().execute.call(ctx);
		expect(posted()).toEqual([
			expect.objectContaining({
				title: 'Auto-mapped',
				status: 1,
				priority: 1,
				issueType: 2,
				subIssueType: 29,
				queueID: 29682833,
			}),
		]);
		sb.journal.splice(0);
	});

	it('labels among the fields of a write are sent as values, with no extra request', async () => {
		await createTicket({
			status: 'new',
			priority: 'High',
			issueType: 'Software',
			subIssueType: 'Other',
			queueID: 'Level I Support',
		});
		expect(posted()).toEqual([
			expect.objectContaining({
				status: 1,
				priority: 1,
				issueType: 2,
				subIssueType: 29,
				queueID: 29682833,
			}),
		]);
		const withLabels = sb.journal.filter((j) => !/\/Tickets\/query$/.test(j.path)).length;
		sb.journal.splice(0);
		await createTicket({
			status: 1,
			priority: 1,
			issueType: 2,
			subIssueType: 29,
			queueID: 29682833,
		});
		expect(sb.journal.filter((j) => !/\/Tickets\/query$/.test(j.path)).length).toBe(withLabels);
	});

	it('a picklist user-defined field takes its label too', async () => {
		const udf = (await run({ resource: 'api', operation: 'getFieldInfo', entity: 'contact' }))
			.map((o) => o.json)
			.find(
				(f) =>
					f.isUdf === true &&
					f.isPickList === true &&
					Array.isArray(f.picklistValues) &&
					(f.picklistValues as unknown[]).length > 0,
			);
		expect(udf).toBeDefined();
		const choice = (udf!.picklistValues as Array<{ value: string; label: string }>)[0];
		sb.journal.splice(0);
		const contact = (await run({ resource: 'contact', operation: 'getMany', limit: 1 }))[0].json;
		sb.journal.splice(0);
		await run({
			resource: 'companyContact',
			operation: 'update',
			parentId: String(contact.companyID),
			id: String(contact.id),
			fields: {
				mappingMode: 'defineBelow',
				value: { [`udf:${String(udf!.name)}`]: choice.label.toUpperCase() },
			},
		});
		const patch = sb.journal.find((j) => j.method === 'PATCH')!.body as IDataObject;
		expect(patch.userDefinedFields).toEqual([{ name: udf!.name, value: String(choice.value) }]);
	});

	it('an unknown label is refused with the valid ones, together with the other problems; nothing is written', async () => {
		const err = await errorOf(
			createTicket({ status: 1, priority: 'Urgent', issueType: 'Hardware', subIssueType: 'Wi-Fi' }),
		);
		expect(err?.message).toBe(
			'2 fields cannot be sent as given; the Ticket was not created: priority "Urgent" is not one of its picklist labels; subIssueType "Wi-Fi" is not one of its picklist labels under issueType 1 [item 0]',
		);
		expect(err?.description).toMatch(
			/priority must be one of: Critical, High, Medium, Low \(or its numeric value\)\. subIssueType must be one of: Desktop, Laptop, Printer, Other \(or its numeric value\)\./,
		);
		expect(posted()).toEqual([]);
	});
});
