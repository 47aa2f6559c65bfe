import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { call } from './helpers.cjs';

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
afterAll(() => sb.close());

const field = (fields: Array<{ name: string }>, name: string) =>
	fields.find((f) => f.name === name) as any;

describe('metadata: entity information, fields, picklists and UDFs', () => {
	test('entityInformation from the catalog; supportsWebhookCallouts for the 5 webhook entities', async () => {
		const t = (await call(sb, 'GET', 'V1.0/Tickets/entityInformation')).json.info;
		expect(t).toMatchObject({
			name: 'Ticket',
			canCreate: true,
			canDelete: false,
			canQuery: true,
			canUpdate: true,
			hasUserDefinedFields: true,
			supportsWebhookCallouts: true,
		});
		expect(
			(await call(sb, 'GET', 'V1.0/TicketNotes/entityInformation')).json.info
				.supportsWebhookCallouts,
		).toBe(true);
		expect(
			(await call(sb, 'GET', 'V1.0/Projects/entityInformation')).json.info.supportsWebhookCallouts,
		).toBe(false);
	});

	test('fields: required, read-only, reference, picklists with string values and parent picklist', async () => {
		const fields = (await call(sb, 'GET', 'V1.0/Tickets/entityInformation/fields')).json.fields;
		for (const name of ['companyID', 'title', 'status', 'priority'])
			expect(field(fields, name).isRequired).toBe(true);
		expect(field(fields, 'id').isReadOnly).toBe(true);
		expect(field(fields, 'createDate')).toMatchObject({ isReadOnly: true, dataType: 'datetime' });
		expect(field(fields, 'companyID')).toMatchObject({
			isReference: true,
			referenceEntityType: 'Company',
		});
		expect(field(fields, 'assignedResourceID').referenceEntityType).toBe('Resource');
		expect(field(fields, 'title')).toMatchObject({ length: 255, picklistValues: null });
		const status = field(fields, 'status');
		expect(status.isPickList).toBe(true);
		expect(status.picklistValues[0]).toEqual({
			value: '1',
			label: 'New',
			isDefaultValue: true,
			sortOrder: 0,
			parentValue: '',
			isActive: true,
			isSystem: true,
		});
		const sub = field(fields, 'subIssueType');
		expect(sub.picklistParentValueField).toBe('issueType');
		expect(
			sub.picklistValues.find((v: { label: string }) => v.label === 'Firewall').parentValue,
		).toBe('3');
	});

	test('company types and required fields', async () => {
		const fields = (await call(sb, 'GET', 'V1.0/Companies/entityInformation/fields')).json.fields;
		const labels = Object.fromEntries(
			field(fields, 'companyType').picklistValues.map((v: { value: string; label: string }) => [
				v.value,
				v.label,
			]),
		);
		expect(labels).toMatchObject({
			1: 'Customer',
			2: 'Lead',
			3: 'Prospect',
			4: 'Dead',
			6: 'Cancelation',
			7: 'Vendor',
			8: 'Partner',
		});
		for (const n of ['companyName', 'companyType', 'phone', 'ownerResourceID'])
			expect(field(fields, n).isRequired).toBe(true);
	});

	test('other entities get generic metadata from the models', async () => {
		const fields = (await call(sb, 'GET', 'V1.0/ActionTypes/entityInformation/fields')).json.fields;
		expect(field(fields, 'id')).toMatchObject({ isReadOnly: true, isPickList: false });
		expect(fields.length).toBeGreaterThan(1);
	});

	test('userDefinedFields uses `type`, not `dataType`', async () => {
		const f = (await call(sb, 'GET', 'V1.0/Companies/entityInformation/userDefinedFields')).json
			.fields;
		expect(f.map((x: { name: string }) => x.name)).toEqual([
			'Customer Ranking',
			'Number of Employees',
		]);
		expect(f[0]).toHaveProperty('type', 'string');
		expect(f[0]).not.toHaveProperty('dataType');
	});

	test('webhook field pickers: fieldID and udfFieldID picklists', async () => {
		const wf = (await call(sb, 'GET', 'V1.0/TicketWebhookFields/entityInformation/fields')).json
			.fields;
		const fid = field(wf, 'fieldID');
		expect(fid.isPickList).toBe(true);
		const status = fid.picklistValues.find((v: { label: string }) => v.label === 'status');
		expect(status.value).toMatch(/^\d+$/);
		const uf = (await call(sb, 'GET', 'V1.0/TicketWebhookUdfFields/entityInformation/fields')).json
			.fields;
		expect(field(uf, 'udfFieldID').picklistValues.map((v: { label: string }) => v.label)).toEqual([
			'Escalation Code',
			'Customer PO',
		]);
	});
});
