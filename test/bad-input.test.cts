/**
 * Bad input (issue 8 point 2): each case through the node's real execute path against the sandbox. The
 * error names the item (itemIndex) and says how to fix it, and comes before any request where that is
 * possible: the journal is then empty, or holds only the field-metadata read that the check needs
 * (loaded once per execution). With Continue On Fail the other items still complete.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { autotaskRequest } from '../nodes/Autotask/transport';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	createExecuteContext,
	makeCredentials,
	testCredential,
	type CredentialStore,
	autotaskNode,
	parameterAt,
} from './helpers/n8n-context.cjs';

let sb: Sandbox;
let other: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
	// another Autotask zone, where this API user does not exist
	other = await startSandbox({
		seed: 'empty',
		credentials: { username: 'someone-else@zone.example', secret: 'other-zone-secret' },
	});
});
afterAll(async () => {
	await sb.close();
	await other.close();
});
beforeEach(() => {
	sb.journal.splice(0);
	other.journal.splice(0);
});

const creds = (extra: IDataObject = {}): CredentialStore =>
	makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl, ...extra });

type Param = IDataObject | ((name: string, i: number) => unknown);
function run(
	parameters: Param,
	options: {
		items?: IDataObject[];
		binaries?: IDataObject[];
		continueOnFail?: boolean;
		credentials?: CredentialStore;
	} = {},
): Promise<INodeExecutionData[]> {
	const lookup = (name: string, i: number) => {
		if (typeof parameters === 'function') return parameters(name, i);
		return parameterAt(parameters, name);
	};
	const ctx = createExecuteContext({
		credentials: options.credentials ?? creds(),
		parameters: lookup,
		items: (options.items ?? [{}]).map((json, n) => ({
			json,
			binary: options.binaries?.[n] as never,
		})),
		continueOnFail: options.continueOnFail,
	});
	return autotaskNode()
		.execute.call(ctx)
		.then(([out]) => out);
}

interface Refusal {
	message: string | RegExp;
	description?: string | RegExp;
	item?: number;
}
async function refused(p: Promise<unknown>, expected: Refusal) {
	const err = await p.then(
		() => undefined,
		(e: unknown) =>
			e as { message: string; description?: string; context?: { itemIndex?: number } },
	);
	expect(err).toBeDefined();
	// The message names the item as n8n's guideline asks: "… [item N]".
	if (typeof expected.message === 'string')
		expect(err!.message).toBe(`${expected.message} [item ${expected.item ?? 0}]`);
	else expect(err!.message).toMatch(expected.message);
	if (expected.description !== undefined) {
		if (typeof expected.description === 'string')
			expect(err!.description).toBe(expected.description);
		else expect(err!.description).toMatch(expected.description);
	}
	expect(err!.context?.itemIndex).toBe(expected.item ?? 0);
	return err!;
}
/** Nothing at all reached Autotask. */
const nothingSent = () => expect(sb.journal.map((j) => `${j.method} ${j.path}`)).toEqual([]);
/** Only the field metadata was read; no query or write reached Autotask. */
const onlyMetadataRead = () => {
	const other = sb.journal.filter(
		(j) =>
			!(
				j.method === 'GET' &&
				/entityInformation\/(fields|userDefinedFields)$|versioninformation$/i.test(j.path)
			),
	);
	expect(other.map((j) => `${j.method} ${j.path}`)).toEqual([]);
	expect(
		sb.journal.filter((j) => /entityInformation\/fields$/.test(j.path)).length,
	).toBeLessThanOrEqual(1);
};

const ticket = (value: IDataObject) => ({
	resource: 'ticket',
	operation: 'create',
	fields: { mappingMode: 'defineBelow', value },
});
const GOOD_TICKET = { companyID: 0, title: 'Printer jam', status: 1, priority: 2 };

describe('IDs', () => {
	it('an empty ID', async () => {
		await refused(run({ resource: 'ticket', operation: 'get', id: '' }), {
			message: 'ID is empty',
			description: 'Give the numeric id of the record.',
		});
		nothingSent();
	});
	it('a non-numeric ID', async () => {
		await refused(run({ resource: 'ticket', operation: 'get', id: 'T2024' }), {
			message: 'ID "T2024" is not a number',
			description: /whole numbers/,
		});
		nothingSent();
	});
	it('a negative ID', async () => {
		await refused(run({ resource: 'ticket', operation: 'get', id: '-5' }), {
			message: 'ID "-5" is not a number',
		});
		nothingSent();
	});
	it('a decimal ID', async () => {
		await refused(run({ resource: 'company', operation: 'get', id: '12.5' }), {
			message: 'ID "12.5" is not a number',
		});
		nothingSent();
	});
	it('an ID expression that resolved to the whole item (an object)', async () => {
		await refused(
			run({ resource: 'appointment', operation: 'delete', id: { id: 7001, title: 'x' } }),
			{
				message: 'ID got an object instead of a number',
				description: /it should give one numeric ID, e\.g\. \{\{ \$json\.id \}\}/,
			},
		);
		nothingSent();
	});
	it('an Update without an ID', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'update',
				id: '',
				fields: { mappingMode: 'defineBelow', value: { priority: 1 } },
			}),
			{ message: 'ID is empty' },
		);
		nothingSent();
	});
	it('a Delete with a non-numeric ID', async () => {
		await refused(
			run({ resource: 'ticketAttachment', operation: 'delete', parentId: '7001', id: 'last' }),
			{ message: 'ID "last" is not a number' },
		);
		nothingSent();
	});
	it('a child record without its Parent ID', async () => {
		await refused(
			run({
				resource: 'ticketNote',
				operation: 'create',
				parentId: '',
				fields: { mappingMode: 'defineBelow', value: { title: 'x' } },
			}),
			{ message: 'Parent ID is empty' },
		);
		nothingSent();
	});
	it('a non-numeric Parent ID', async () => {
		await refused(
			run({ resource: 'companyContact', operation: 'getMany', parentId: '#12', returnAll: true }),
			{ message: 'Parent ID "#12" is not a number' },
		);
		nothingSent();
	});
	it('a Parent ID that does not exist: Autotask’s refusal, explained', async () => {
		await refused(
			run({
				resource: 'ticketNote',
				operation: 'create',
				parentId: '999999',
				fields: {
					mappingMode: 'defineBelow',
					value: { title: 'x', description: 'y', noteType: 1, publish: 1 },
				},
			}),
			{
				message: 'Reference value on field: ticketID of type: Ticket does not exist or is invalid',
				description:
					/No Ticket with the ID given in ticketID exists, or the API user cannot see it\. For a record created under a parent, ticketID comes from the Parent ID: check it\./,
			},
		);
		expect(sb.journal.filter((j) => j.method === 'POST').map((j) => j.path)).toEqual([
			'/ATServicesRest/V1.0/Tickets/999999/Notes',
		]);
	});
	it('a ticket number that is not one', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'get',
				id: { __rl: true, mode: 'ticketNumber', value: '2024-0001' },
			}),
			{ message: '"2024-0001" is not a ticket number', description: /T20240101\.0001/ },
		);
		nothingSent();
	});
	it('a non-numeric Impersonation Resource ID', async () => {
		await refused(run({ ...ticket(GOOD_TICKET), impersonationResourceId: 'jordan' }), {
			message: 'Impersonation Resource ID "jordan" is not a number',
		});
		nothingSent();
	});
});

describe('filters', () => {
	const getMany = (extra: IDataObject) =>
		run({ resource: 'ticket', operation: 'getMany', returnAll: true, ...extra });

	it('text in a numeric filter field', async () => {
		await refused(
			getMany({
				conditions: { condition: [{ field: 'estimatedHours', op: 'eq', value: 'Fabrikam' }] },
			}),
			{ message: 'The value "Fabrikam" for estimatedHours is not a number' },
		);
		onlyMetadataRead();
	});
	it('a picklist filter value that is neither one of its values nor one of its labels', async () => {
		await refused(
			getMany({
				conditions: { condition: [{ field: 'priority', op: 'eq', value: 'urgent-ish' }] },
			}),
			{
				message: 'priority "urgent-ish" is not one of its picklist labels',
				description: /^priority must be one of: .*High.* \(or its numeric value\)\.$/,
			},
		);
		onlyMetadataRead();
	});
	it('text in an In List of picklist values', async () => {
		await refused(
			getMany({ conditions: { condition: [{ field: 'status', op: 'in', value: '1, five' }] } }),
			{ message: 'status "five" is not one of its picklist labels' },
		);
		onlyMetadataRead();
	});
	it('a yes/no filter field given "yes"', async () => {
		await refused(
			getMany({
				conditions: { condition: [{ field: 'isVisibleToComanaged', op: 'eq', value: 'yes' }] },
			}),
			{ message: 'The value "yes" for isVisibleToComanaged is not true or false' },
		);
		onlyMetadataRead();
	});
	it('two user-defined field conditions in the builder', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'getMany',
				conditions: {
					condition: [
						{ field: 'udf:Customer Ranking', op: 'eq', value: 'Gold' },
						{ field: 'udf:Number of Employees', op: 'gt', value: '5' },
					],
				},
			}),
			{
				message: 'The filter has 2 user-defined field conditions',
				description: /one user-defined field per query/,
			},
		);
		onlyMetadataRead();
	});
	it('malformed filter JSON', async () => {
		await refused(getMany({ filterMode: 'json', filterJson: '[{"op":"eq","field":"status",' }), {
			message: 'Filter (JSON) is not valid JSON',
			description: /\[\{"op":"eq","field":"status","value":"Complete"\}\]/,
		});
		nothingSent();
	});
	it('filter JSON that is a number, not conditions', async () => {
		await refused(getMany({ filterMode: 'json', filterJson: '42' }), {
			message: 'Filter condition filter[0] has no "op"',
		});
		nothingSent();
	});
	it('a filter JSON condition without "op"', async () => {
		await refused(getMany({ filterMode: 'json', filterJson: '[{"field":"status","value":1}]' }), {
			message: 'Filter condition filter[0] has no "op"',
		});
		nothingSent();
	});
	it('more than 500 OR conditions', async () => {
		const items = Array.from({ length: 501 }, (_, n) => ({ op: 'eq', field: 'id', value: n + 1 }));
		await refused(
			getMany({ filterMode: 'json', filterJson: JSON.stringify([{ op: 'or', items }]) }),
			{
				message: 'The filter has 501 OR conditions',
				description: /at most 500\. Use the In List operator/,
			},
		);
		nothingSent();
	});
	it('two user-defined field conditions in filter JSON', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'count',
				filterMode: 'json',
				filterJson:
					'[{"op":"eq","field":"A","udf":true,"value":"1"},{"op":"eq","field":"B","udf":true,"value":"2"}]',
			}),
			{ message: 'The filter has 2 user-defined field conditions' },
		);
		nothingSent();
	});
	it('an unknown field in filter JSON', async () => {
		await refused(
			getMany({ filterMode: 'json', filterJson: '[{"op":"eq","field":"statusID","value":1}]' }),
			{
				message: 'Ticket has no field "statusID" to filter on (condition filter[0])',
				description: /Get Field Info lists them\. A user-defined field needs "udf": true\./,
			},
		);
		onlyMetadataRead();
	});
	it('an unknown user-defined field in filter JSON', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'getMany',
				filterMode: 'json',
				filterJson: '[{"op":"eq","field":"Ranking","udf":true,"value":"Gold"}]',
			}),
			{ message: 'Company has no user-defined field "Ranking" to filter on (condition filter[0])' },
		);
		onlyMetadataRead();
	});
});

describe('fields of a create, update or replace (checked against the live field metadata)', () => {
	it('an unknown field, with a suggestion', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, titel: 'x' })), {
			message: 'Ticket has no field "titel"; the Ticket was not created',
			description: 'Did you mean title? Nothing was sent to Autotask for this item.',
		});
		onlyMetadataRead();
	});
	it('a read-only field in a create', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, createDate: '2026-01-01T00:00:00Z' })), {
			message: 'createDate is read-only; the Ticket was not created',
			description: /Autotask sets createDate itself; remove it from Fields\./,
		});
		onlyMetadataRead();
	});
	it('a read-only field in an update', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'update',
				id: '7001',
				fields: { mappingMode: 'defineBelow', value: { ticketNumber: 'T20260101.0001' } },
			}),
			{
				message: 'ticketNumber is read-only; the Ticket was not updated',
			},
		);
		onlyMetadataRead();
	});
	it('a picklist value that does not exist', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, status: 99 })), {
			message: 'status "99" is not one of its picklist values; the Ticket was not created',
			description:
				/^status must be one of: New, Complete, .* \(or its numeric value\)\. Nothing was sent/,
		});
		onlyMetadataRead();
	});
	it('a picklist label that is not one of the labels', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, status: 'Done' })), {
			message: 'status "Done" is not one of its picklist labels; the Ticket was not created',
			description: /^status must be one of: New, Complete,/,
		});
		onlyMetadataRead();
	});
	it('an inactive picklist label', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, status: 'cancelled' })), {
			message: 'status "cancelled" is an inactive picklist value; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('an inactive picklist value', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, status: 19 })), {
			message: 'status 19 (Cancelled) is an inactive picklist value; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('a sub-issue type that does not belong to the issue type', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, issueType: 1, subIssueType: 30 })), {
			message:
				'subIssueType 30 (Firewall) does not belong to issueType 1; the Ticket was not created',
			description: /Firewall is a choice under issueType 3 \(Network\)/,
		});
		onlyMetadataRead();
	});
	it('text in an integer (reference) field', async () => {
		// A name is looked up (a query of Companies, then one for close matches); an unknown one stops
		// the item before its create.
		await refused(run(ticket({ ...GOOD_TICKET, companyID: 'Acme Corp' })), {
			message: 'No Company named "Acme Corp" for companyID',
			description: /give the numeric ID/,
		});
		expect(sb.journal.filter((j) => j.method !== 'GET').map((j) => j.path)).toEqual([
			'/ATServicesRest/V1.0/Companies/query',
			'/ATServicesRest/V1.0/Companies/query',
		]);
	});
	it('a bad number in an integer (reference) field', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, companyID: '12 34' })), {
			message: 'companyID "12 34" is not a number; the Ticket was not created',
			description: /numeric ID of a Company/,
		});
		onlyMetadataRead();
	});
	it('a decimal in an integer field', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, contactID: 29683001.5 })), {
			message: 'contactID 29683001.5 is not a whole number; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('text in a decimal field', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, estimatedHours: 'two' })), {
			message: 'estimatedHours "two" is not a number; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('a yes/no field given "maybe"', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, isVisibleToComanaged: 'maybe' })), {
			message: 'isVisibleToComanaged "maybe" is not true or false; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('a date field given words', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, dueDateTime: 'next tuesday' })), {
			message: 'dueDateTime "next tuesday" is not a date; the Ticket was not created',
			description: /2026-01-31T15:00:00Z/,
		});
		onlyMetadataRead();
	});
	it('text longer than the field allows', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, title: 'x'.repeat(300) })), {
			message: 'title is 300 characters long; Autotask allows 255; the Ticket was not created',
			description: /slice\(0, 255\)/,
		});
		onlyMetadataRead();
	});
	it('an expression that resolved to an object in a field', async () => {
		await refused(run(ticket({ ...GOOD_TICKET, title: { title: 'Printer jam' } })), {
			message:
				'title got an object ({"title":"Printer jam"}) instead of a single value; the Ticket was not created',
		});
		onlyMetadataRead();
	});
	it('required fields missing on create', async () => {
		await refused(run(ticket({ companyID: 0 })), {
			message: 'Required fields are missing: priority, status, title; the Ticket was not created',
			description:
				'Give priority, status, title under Fields. Nothing was sent to Autotask for this item.',
		});
		onlyMetadataRead();
	});
	it('required fields missing on replace (PUT)', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'replace',
				id: '7001',
				fields: { mappingMode: 'defineBelow', value: { title: 'Only a title' } },
			}),
			{
				message:
					'Required fields are missing: companyID, priority, status; the Ticket was not replaced',
				description: /use Update to change only some fields/,
			},
		);
		onlyMetadataRead();
	});
	it('emptying a required field in an update', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'update',
				id: '7001',
				fields: { mappingMode: 'defineBelow', value: { title: null } },
			}),
			{ message: 'title is required and cannot be emptied; the Ticket was not updated' },
		);
		onlyMetadataRead();
	});
	it('an unknown user-defined field', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'update',
				id: '0',
				fields: { mappingMode: 'defineBelow', value: { 'udf:Customer Rank': 'Gold' } },
			}),
			{
				message: 'Company has no user-defined field "Customer Rank"; the Company was not updated',
				description: /Did you mean Customer Ranking\?/,
			},
		);
		onlyMetadataRead();
	});
	it('text in a numeric user-defined field', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'update',
				id: '0',
				fields: { mappingMode: 'defineBelow', value: { 'udf:Number of Employees': 'many' } },
			}),
			{
				message:
					'The user-defined field Number of Employees "many" is not a number; the Company was not updated',
			},
		);
		onlyMetadataRead();
	});
	it('several problems at once are listed together', async () => {
		const err = await refused(
			run(ticket({ ...GOOD_TICKET, status: 'Closed', priority: 'urgent', createDate: 'x' })),
			{
				message:
					'3 fields cannot be sent as given; the Ticket was not created: status "Closed" is not one of its picklist labels; priority "urgent" is not one of its picklist labels; createDate is read-only',
			},
		);
		expect(err.description).toMatch(/Autotask sets createDate itself/);
		onlyMetadataRead();
	});
	it('an update with no fields', async () => {
		await refused(
			run({
				resource: 'ticket',
				operation: 'update',
				id: '7001',
				fields: { mappingMode: 'defineBelow', value: {} },
			}),
			{ message: 'No fields to change', description: 'Add at least one field under Fields.' },
		);
		nothingSent();
	});
	// n8n sends an empty object as no body at all (issue 14 point 14)
	it('a create with no fields (n8n would send no body)', async () => {
		await refused(
			run({
				resource: 'department',
				operation: 'create',
				fields: { mappingMode: 'defineBelow', value: {} },
			}),
			{
				message: 'No fields to create',
				description:
					'Add the fields of the new Department under Fields, at least the required ones. An empty create would reach Autotask with no body.',
			},
		);
		nothingSent();
	});
	it('a special operation left at its empty default body', async () => {
		await refused(
			run({ resource: 'timeOffRequest', operation: 'rejectRequest', id: '1', specialBody: '{}' }),
			{
				message: 'Body (JSON) is empty',
				description:
					/^Fill in what Autotask expects, e\.g\. \{"\w+":.+\}\. An empty body would reach Autotask as no body\.$/,
			},
		);
		nothingSent();
	});
	for (const method of ['POST', 'PUT', 'PATCH']) {
		it(`Make an API Request ${method} with the body {}`, async () => {
			await refused(
				run({ resource: 'api', operation: 'request', method, path: 'Tickets/query', body: '{}' }),
				{
					message: 'Body (JSON) is an empty object',
					description: `n8n sends {} as no body at all, so the ${method} would reach Autotask without one. Fill in the body, or leave the field empty if the endpoint takes none.`,
				},
			);
			nothingSent();
		});
	}
	it('a special operation body with a field its swagger request model does not have (Autotask would answer 200 and do nothing)', async () => {
		await refused(
			run({
				resource: 'company',
				operation: 'addInvoiceContactRecipients',
				id: '0',
				specialBody: '{"contactRecipients":[30682887]}',
			}),
			{
				message: 'Body (JSON) has a field Autotask does not take here: contactRecipients',
				description:
					'Autotask ignores unknown fields and answers as if it worked, without doing anything. Add Invoice Contact Recipients takes: items. e.g. {"items":[12345]}',
			},
		);
		nothingSent();
	});
	it('a body that is not a JSON object for a special endpoint', async () => {
		await refused(
			run({
				resource: 'timeOffRequest',
				operation: 'rejectRequest',
				id: '1',
				specialBody: 'busy week',
			}),
			{ message: 'Body (JSON) is not a JSON object' },
		);
		nothingSent();
	});
});

describe('files (attachments)', () => {
	const file = {
		data: {
			data: Buffer.from('report').toString('base64'),
			fileName: 'report.pdf',
			mimeType: 'application/pdf',
		},
	};
	const upload = (extra: IDataObject) => ({
		resource: 'ticketAttachment',
		operation: 'upload',
		parentId: '7001',
		binaryPropertyName: 'data',
		...extra,
	});

	it('a binary property that does not exist', async () => {
		await refused(run(upload({ binaryPropertyName: 'attachment' }), { binaries: [file] }), {
			message: 'The item has no binary property "attachment"',
			description: 'Its binary properties are: data.',
		});
		nothingSent();
	});
	it('an item with no binary data at all', async () => {
		await refused(run(upload({})), {
			message: 'The item has no binary property "data"',
			description: /It has no binary data: read or download a file earlier in the workflow\./,
		});
		nothingSent();
	});
	it('an expression that gave the file itself instead of the property name', async () => {
		await refused(run(upload({ binaryPropertyName: file.data }), { binaries: [file] }), {
			message: 'Input Binary Field must be the name of a binary property',
			description: /not an expression such as \{\{ \$binary\.data \}\}/,
		});
		nothingSent();
	});
	it('a file over Autotask’s 6 MB limit', async () => {
		const big = {
			data: { data: Buffer.alloc(7 * 1024 * 1024).toString('base64'), fileName: 'disk.iso' },
		};
		await refused(run(upload({}), { binaries: [big] }), {
			message: 'The file is 7.0 MB; Autotask accepts at most 6 MB per attachment',
			description: /Compress or split the file/,
		});
		nothingSent();
	});
});

describe('credentials and zones', () => {
	const request = (store: CredentialStore) =>
		autotaskRequest
			.call(createExecuteContext({ credentials: store }), { method: 'GET', path: '/V1.0/Version' })
			.then(
				() => undefined,
				(e: Error) => e,
			);

	it('an empty Username', async () => {
		const err = await request(creds({ username: '' }));
		expect(err?.message).toMatch(/The Username is empty\. Enter the API user’s username\./);
		nothingSent();
	});
	it('an empty Secret', async () => {
		const err = await request(creds({ secret: '' }));
		expect(err?.message).toMatch(/The Secret is empty\. Enter the API user’s secret\./);
		nothingSent();
	});
	it('an empty API Tracking Identifier', async () => {
		const err = await request(creds({ integrationCode: '' }));
		expect(err?.message).toMatch(/The API Tracking Identifier is empty\./);
		nothingSent();
	});
	it('empty fields fail the credential test too, before any request', async () => {
		expect(await testCredential(creds({ secret: '' }))).toEqual({
			status: 'Error',
			message: expect.stringMatching(/The Secret is empty/),
		});
		nothingSent();
	});
	it('a Custom URL without a scheme', async () => {
		const err = await request(creds({ customUrl: sb.baseUrl.replace(/^http:\/\//, '') }));
		expect(err?.message).toMatch(
			/The Custom URL "127\.0\.0\.1:\d+\/ATServicesRest\/" has no http:\/\/ or https:\/\/ scheme\. Enter the API base URL, e\.g\. https:\/\/webservices14\.autotask\.net\/ATServicesRest\//,
		);
		nothingSent();
	});
	it('a zone that is not an Autotask zone', async () => {
		const err = await request(creds({ zone: 'webservices99.autotask.example' }));
		expect(err?.message).toMatch(
			/The zone "webservices99\.autotask\.example" is not a known Autotask zone\. Pick one from the list or use Custom URL\./,
		);
		nothingSent();
	});
	it('the wrong zone (one that does not hold this API user): 401 naming the zone used', async () => {
		const err = (await request(creds({ customUrl: other.baseUrl }))) as unknown as {
			message: string;
			description: string;
			httpCode: string;
		};
		expect(err.message).toBe('Autotask refused the credentials (401)');
		expect(err.description).toContain(`The request went to the Custom URL ${other.baseUrl}.`);
		expect(err.httpCode).toBe('401');
		expect(sb.journal).toEqual([]);
	});
	it('Auto-Detect with a username Autotask does not know', async () => {
		const err = await request(
			makeCredentials({
				...sb.credentials,
				username: 'nobody@example.com',
				zone: 'auto',
				zoneLookupUrl: sb.baseUrl,
			}),
		);
		expect(err?.message).toMatch(
			/Autotask's zone lookup does not know the API username "nobody@example\.com"/,
		);
		expect(sb.journal.map((j) => j.path)).toEqual(['/ATServicesRest/V1.0/zoneInformation']);
	});
});

describe('impersonation', () => {
	const resource = (first: string) =>
		[...sb.store.all('Resource')].find((r) => r.firstName === first)!;

	it('a resource that may not be impersonated: Autotask’s refusal, explained', async () => {
		await refused(
			run({ ...ticket(GOOD_TICKET), impersonationResourceId: String(resource('Jordan').id) }),
			{
				message: /does not have the adequate permissions/,
				description:
					/the resource must be active and its security level must allow being impersonated/,
			},
		);
		expect(sb.journal.filter((j) => j.method === 'POST')).toHaveLength(1);
	});
	it('an inactive resource', async () => {
		await refused(
			run({ ...ticket(GOOD_TICKET), impersonationResourceId: String(resource('Casey').id) }),
			{ message: /does not have the adequate permissions/ },
		);
		expect(sb.journal.filter((j) => j.method === 'POST')).toHaveLength(1);
	});
});

describe('Continue On Fail: the other items still complete', () => {
	it('creates: the bad items get their error, the good ones are made, nothing bad is sent', async () => {
		const titles = ['Good one', 'Bad one', 'Good two', 'Bad two'];
		const out = await run(
			(name: string, i: number) =>
				({
					resource: 'ticket',
					operation: 'create',
					'fields.mappingMode': 'defineBelow',
					'fields.value':
						i % 2
							? { ...GOOD_TICKET, title: titles[i], status: 'Closed' }
							: { ...GOOD_TICKET, title: titles[i] },
				})[name],
			{ items: [{}, {}, {}, {}], continueOnFail: true },
		);
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3]);
		expect(out[0].json.id).toEqual(expect.any(Number));
		expect(out[2].json.id).toEqual(expect.any(Number));
		expect(out[1].json.error).toBe(
			'status "Closed" is not one of its picklist labels; the Ticket was not created',
		);
		expect(out[3].json.error).toBe(out[1].json.error);
		const posts = sb.journal.filter((j) => j.method === 'POST');
		expect(posts.map((j) => (j.body as IDataObject).title).sort()).toEqual([
			'Good one',
			'Good two',
		]);
	});

	it('gets across items: a bad ID fails its own item only', async () => {
		const ids = ['7001', 'seven', '7002'];
		const out = await run(
			(name: string, i: number) => ({ resource: 'ticket', operation: 'get', id: ids[i] })[name],
			{ items: [{}, {}, {}], continueOnFail: true },
		);
		expect(out.map((o) => o.json.id ?? o.json.error)).toEqual([
			7001,
			'ID "seven" is not a number',
			7002,
		]);
	});

	it('without Continue On Fail the first bad item stops the node and is named', async () => {
		const ids = ['7001', 'x', '7002'];
		await refused(
			run(
				(name: string, i: number) =>
					({
						resource: 'ticket',
						operation: 'update',
						id: ids[i],
						'fields.mappingMode': 'defineBelow',
						'fields.value': { priority: 1 },
					})[name],
				{ items: [{}, {}, {}] },
			),
			{ message: 'ID "x" is not a number', item: 1 },
		);
		expect(
			sb.journal
				.filter((j) => j.method === 'PATCH')
				.every((j) => (j.body as IDataObject).id !== 'x'),
		).toBe(true);
	});
});
