/**
 * The 43 actions of the integration this package was specified from (issue 4, point 9), as Autotask node
 * parameters against the sandbox's demo seed. Each names the request Autotask must receive and checks the
 * items the node returns. Used by test/documented-actions.test.cts (the node in-process) and by the
 * end-to-end suite (each action as a workflow in real n8n).
 *
 * IDs are those of the demo seed (sandbox/seeds.cts): companies 174 (Contoso Dental Group, a Customer)
 * and 175 (Fabrikam Legal LLP), contact 29683001, contract 1, document 1, project 1, resource 29682886,
 * survey 1, ticket category 2 (RMM Alert), ticket 7001 (T20250901.0001), time entry 1, webhook error log 1.
 */
export interface DocumentedAction {
	name: string;
	parameters: Record<string, unknown>;
	/** Input item json (default: one empty item) */
	input?: Array<Record<string, unknown>>;
	/** A file on the first input item, for uploads */
	binary?: { property: string; fileName: string; mimeType: string; base64: string };
	/** The request the sandbox must receive (path after /ATServicesRest); body compared exactly when given */
	expect: { method: string; path: string; body?: unknown };
	/** Checks on the output items */
	check: (output: Array<{ json: Record<string, unknown> }>) => void;
}

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const fields = (value: Record<string, unknown>) => ({ mappingMode: 'defineBelow', value });
const one = (output: Array<{ json: Record<string, unknown> }>) => {
	expect(output).toHaveLength(1);
	return output[0].json;
};
/** A created record, as Autotask holds it after the write (the node reads it back). */
const created = (output: Array<{ json: Record<string, unknown> }>) => {
	expect(typeof one(output).id).toBe('number');
	expect(one(output).id as number).toBeGreaterThan(0);
	expect(Object.keys(one(output)).length).toBeGreaterThan(3);
};
/** An uploaded attachment: Autotask answers {itemId} (the record would carry the whole file again). */
const uploaded = (output: Array<{ json: Record<string, unknown> }>) => {
	expect(typeof one(output).itemId).toBe('number');
	expect(one(output).itemId as number).toBeGreaterThan(0);
};
const updated = (id: number) => (output: Array<{ json: Record<string, unknown> }>) => {
	expect(one(output).id).toBe(id);
	expect(Object.keys(one(output)).length).toBeGreaterThan(3);
};
const listOf =
	(min: number, each: (r: Record<string, unknown>) => void = () => {}) =>
	(output: Array<{ json: Record<string, unknown> }>) => {
		expect(output.length).toBeGreaterThanOrEqual(min);
		for (const { json } of output) {
			expect(typeof json.id).toBe('number');
			each(json);
		}
	};
const MATCH_ALL_50 = { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 50 };
const PDF_BASE64 = Buffer.from('%PDF-1.4\n% sandbox onboarding checklist\n%%EOF\n').toString(
	'base64',
);

/** Records the create actions write; the body Autotask receives must be exactly these fields. */
const NEW_CONTRACT = {
	companyID: 176,
	contractName: 'Adatum Managed Services',
	contractType: 7,
	startDate: '2026-01-01T00:00:00.000Z',
	endDate: '2026-12-31T00:00:00.000Z',
	status: 1,
	timeReportingRequiresStartAndStopTimes: 0,
};
const NEW_PROJECT = {
	projectName: 'Adatum Onboarding',
	companyID: 176,
	status: 1,
	projectType: 5,
	startDateTime: '2026-02-01T09:00:00.000Z',
	endDateTime: '2026-03-01T17:00:00.000Z',
};
const NEW_TIME_ENTRY = {
	ticketID: 7001,
	resourceID: 29682886,
	dateWorked: '2025-09-02T00:00:00.000Z',
	startDateTime: '2025-09-02T13:00:00.000Z',
	endDateTime: '2025-09-02T13:30:00.000Z',
	hoursWorked: 0.5,
	summaryNotes: 'Follow-up call',
};

export const DOCUMENTED_ACTIONS: DocumentedAction[] = [
	{
		name: 'API Version Info',
		parameters: { resource: 'api', operation: 'versionInformation' },
		expect: { method: 'GET', path: '/VersionInformation' },
		check: (out) => expect(one(out).apiVersions).toEqual(expect.arrayContaining(['1.0'])),
	},
	{
		name: 'List Companies (all Customers)',
		parameters: {
			resource: 'company',
			operation: 'getMany',
			filterMode: 'conditions',
			conditions: { condition: [{ field: 'companyType', op: 'eq', value: '1' }] },
			returnAll: true,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Companies/query',
			body: { filter: [{ op: 'eq', field: 'companyType', value: 1 }], MaxRecords: 500 },
		},
		check: (out) => {
			expect(out.map((o) => o.json.id)).toEqual([174, 175]);
			for (const { json } of out) expect(json.companyType).toBe(1);
		},
	},
	{
		name: 'Get Company',
		parameters: { resource: 'company', operation: 'get', id: byId(174) },
		expect: { method: 'GET', path: '/V1.0/Companies/174' },
		check: (out) =>
			expect(one(out)).toMatchObject({ id: 174, companyName: 'Contoso Dental Group' }),
	},
	{
		name: 'Create Company',
		parameters: {
			resource: 'company',
			operation: 'create',
			fields: fields({
				companyName: 'Northwind Clinics',
				companyType: 1,
				phone: '555-0199',
				ownerResourceID: 29682886,
			}),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Companies',
			body: {
				companyName: 'Northwind Clinics',
				companyType: 1,
				phone: '555-0199',
				ownerResourceID: 29682886,
			},
		},
		check: created,
	},
	{
		name: 'Update Company',
		parameters: {
			resource: 'company',
			operation: 'update',
			id: byId(175),
			fields: fields({ phone: '555-0123' }),
		},
		expect: { method: 'PATCH', path: '/V1.0/Companies', body: { phone: '555-0123', id: 175 } },
		check: updated(175),
	},
	{
		name: 'List Configuration Item Webhooks',
		parameters: {
			resource: 'configurationItemWebhook',
			operation: 'getMany',
			filterMode: 'conditions',
			limit: 50,
		},
		expect: { method: 'POST', path: '/V1.0/ConfigurationItemWebhooks/query', body: MATCH_ALL_50 },
		// The demo database has no configuration item webhook yet: an empty list, not an error.
		check: (out) => expect(out).toEqual([]),
	},
	{
		name: 'List Contacts',
		parameters: {
			resource: 'contact',
			operation: 'getMany',
			conditions: { condition: [{ field: 'companyID', op: 'eq', value: '174' }] },
			limit: 50,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Contacts/query',
			body: { filter: [{ op: 'eq', field: 'companyID', value: 174 }], MaxRecords: 50 },
		},
		check: listOf(2, (c) => expect(c.companyID).toBe(174)),
	},
	{
		name: 'Get Contact',
		parameters: { resource: 'contact', operation: 'get', id: byId(29683001) },
		expect: { method: 'GET', path: '/V1.0/Contacts/29683001' },
		check: (out) =>
			expect(one(out)).toMatchObject({ id: 29683001, firstName: 'Dana', companyID: 174 }),
	},
	{
		name: 'Create Contact',
		parameters: {
			resource: 'companyContact',
			operation: 'create',
			parentId: byId(174),
			fields: fields({
				firstName: 'Priya',
				lastName: 'Raman',
				emailAddress: 'priya@contoso.example',
				isActive: 1,
			}),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Companies/174/Contacts',
			body: {
				firstName: 'Priya',
				lastName: 'Raman',
				emailAddress: 'priya@contoso.example',
				isActive: 1,
				companyID: 174,
			},
		},
		check: created,
	},
	{
		name: 'Update Contact',
		parameters: {
			resource: 'companyContact',
			operation: 'update',
			parentId: byId(174),
			id: '29683002',
			fields: fields({ title: 'Practice Manager' }),
		},
		expect: {
			method: 'PATCH',
			path: '/V1.0/Companies/174/Contacts',
			body: { title: 'Practice Manager', id: 29683002 },
		},
		check: updated(29683002),
	},
	{
		name: 'List Contracts',
		parameters: { resource: 'contract', operation: 'getMany', limit: 50 },
		expect: { method: 'POST', path: '/V1.0/Contracts/query', body: MATCH_ALL_50 },
		check: listOf(3),
	},
	{
		name: 'Get Contract',
		parameters: { resource: 'contract', operation: 'get', id: byId(1) },
		expect: { method: 'GET', path: '/V1.0/Contracts/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, companyID: 174 }),
	},
	{
		name: 'Create Contract',
		parameters: {
			resource: 'contract',
			operation: 'create',
			fields: fields({ ...NEW_CONTRACT }),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Contracts',
			body: NEW_CONTRACT,
		},
		check: created,
	},
	{
		name: 'Update Contract',
		parameters: {
			resource: 'contract',
			operation: 'update',
			id: byId(2),
			fields: fields({ endDate: '2027-01-04T09:00:00.000Z' }),
		},
		expect: {
			method: 'PATCH',
			path: '/V1.0/Contracts',
			body: { endDate: '2027-01-04T09:00:00.000Z', id: 2 },
		},
		check: updated(2),
	},
	{
		name: 'List Documents',
		parameters: { resource: 'document', operation: 'getMany', limit: 50 },
		expect: { method: 'POST', path: '/V1.0/Documents/query', body: MATCH_ALL_50 },
		check: listOf(3, (d) => expect(typeof d.title).toBe('string')),
	},
	{
		name: 'Get Document',
		parameters: { resource: 'document', operation: 'get', id: '1' },
		expect: { method: 'GET', path: '/V1.0/Documents/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, title: 'Network diagram' }),
	},
	{
		name: 'Create Document Attachment',
		parameters: {
			resource: 'documentAttachment',
			operation: 'upload',
			parentId: '1',
			binaryPropertyName: 'data',
			attachmentTitle: 'Onboarding checklist',
		},
		binary: {
			property: 'data',
			fileName: 'checklist.pdf',
			mimeType: 'application/pdf',
			base64: PDF_BASE64,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Documents/1/Attachments',
			body: {
				id: 0,
				attachmentType: 'FILE_ATTACHMENT',
				fullPath: 'checklist.pdf',
				title: 'Onboarding checklist',
				publish: 1,
				data: PDF_BASE64,
				documentID: 1,
			},
		},
		check: uploaded,
	},
	{
		name: 'Generic API request',
		parameters: {
			resource: 'api',
			operation: 'request',
			method: 'GET',
			path: 'Companies/174',
			query: '{}',
			body: '',
		},
		expect: { method: 'GET', path: '/V1.0/Companies/174' },
		check: (out) =>
			expect((one(out).item as Record<string, unknown>).companyName).toBe('Contoso Dental Group'),
	},
	{
		name: 'List Phases on Project',
		parameters: { resource: 'phase', operation: 'getMany', parentId: byId(1), returnAll: true },
		expect: { method: 'GET', path: '/V1.0/Projects/1/Phases' },
		check: listOf(2, (p) => expect(p.projectID).toBe(1)),
	},
	{
		name: 'Create Project',
		parameters: {
			resource: 'project',
			operation: 'create',
			fields: fields({ ...NEW_PROJECT }),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Projects',
			body: NEW_PROJECT,
		},
		check: created,
	},
	{
		name: 'Update Project',
		parameters: {
			resource: 'project',
			operation: 'update',
			id: byId(2),
			fields: fields({ status: 2 }),
		},
		expect: { method: 'PATCH', path: '/V1.0/Projects', body: { status: 2, id: 2 } },
		check: updated(2),
	},
	{
		name: 'Get Project',
		parameters: { resource: 'project', operation: 'get', id: byId(1) },
		expect: { method: 'GET', path: '/V1.0/Projects/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, projectName: 'Office 365 Migration' }),
	},
	{
		name: 'List Resources',
		parameters: {
			resource: 'resource',
			operation: 'getMany',
			conditions: { condition: [{ field: 'isActive', op: 'eq', value: 'true' }] },
			returnAll: true,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Resources/query',
			body: { filter: [{ op: 'eq', field: 'isActive', value: true }], MaxRecords: 500 },
		},
		check: listOf(4, (r) => expect(r.isActive).toBe(true)),
	},
	{
		name: 'Get Resource',
		parameters: { resource: 'resource', operation: 'get', id: byId(29682886) },
		expect: { method: 'GET', path: '/V1.0/Resources/29682886' },
		check: (out) =>
			expect(one(out)).toMatchObject({ id: 29682886, firstName: 'Alex', lastName: 'Morgan' }),
	},
	{
		name: 'List Surveys',
		parameters: { resource: 'survey', operation: 'getMany', limit: 50 },
		expect: { method: 'POST', path: '/V1.0/Surveys/query', body: MATCH_ALL_50 },
		check: listOf(2),
	},
	{
		name: 'Get Survey',
		parameters: { resource: 'survey', operation: 'get', id: '1' },
		expect: { method: 'GET', path: '/V1.0/Surveys/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, name: 'Ticket Completion Survey' }),
	},
	{
		name: 'List Tasks on Project',
		parameters: { resource: 'task', operation: 'getMany', parentId: byId(1), returnAll: true },
		expect: { method: 'GET', path: '/V1.0/Projects/1/Tasks' },
		check: listOf(2, (t) => expect(t.projectID).toBe(1)),
	},
	{
		name: 'Create Task on Project',
		parameters: {
			resource: 'task',
			operation: 'create',
			parentId: byId(1),
			fields: fields({
				title: 'Migrate shared mailboxes',
				status: 1,
				taskType: 1,
				estimatedHours: 6,
			}),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Projects/1/Tasks',
			body: {
				title: 'Migrate shared mailboxes',
				status: 1,
				taskType: 1,
				estimatedHours: 6,
				projectID: 1,
			},
		},
		check: created,
	},
	{
		name: 'List Ticket Categories',
		parameters: { resource: 'ticketCategory', operation: 'getMany', limit: 50 },
		expect: { method: 'POST', path: '/V1.0/TicketCategories/query', body: MATCH_ALL_50 },
		check: listOf(4, (c) => expect(typeof c.name).toBe('string')),
	},
	{
		name: 'Get Ticket Category',
		parameters: { resource: 'ticketCategory', operation: 'get', id: '2' },
		expect: { method: 'GET', path: '/V1.0/TicketCategories/2' },
		check: (out) => expect(one(out)).toMatchObject({ id: 2, name: 'RMM Alert' }),
	},
	{
		name: 'List Ticket Notes',
		parameters: {
			resource: 'ticketNote',
			operation: 'getMany',
			conditions: { condition: [{ field: 'ticketID', op: 'eq', value: '7001' }] },
			returnAll: true,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/TicketNotes/query',
			body: { filter: [{ op: 'eq', field: 'ticketID', value: 7001 }], MaxRecords: 500 },
		},
		check: listOf(1, (n) => expect(n.ticketID).toBe(7001)),
	},
	{
		name: 'Create Ticket Note',
		parameters: {
			resource: 'ticketNote',
			operation: 'create',
			parentId: { __rl: true, mode: 'ticketNumber', value: 'T20250901.0001' },
			fields: fields({
				title: 'Update',
				description: 'Called the client back.',
				noteType: 1,
				publish: 1,
			}),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Tickets/7001/Notes',
			body: {
				title: 'Update',
				description: 'Called the client back.',
				noteType: 1,
				publish: 1,
				ticketID: 7001,
			},
		},
		check: created,
	},
	{
		name: 'Update Ticket Note',
		parameters: {
			resource: 'ticketNote',
			operation: 'update',
			parentId: byId(7001),
			id: '30001',
			fields: fields({ description: 'Looked into it; remote session booked.' }),
		},
		expect: {
			method: 'PATCH',
			path: '/V1.0/Tickets/7001/Notes',
			body: { description: 'Looked into it; remote session booked.', id: 30001 },
		},
		check: updated(30001),
	},
	{
		name: 'List Tickets',
		parameters: {
			resource: 'ticket',
			operation: 'getMany',
			conditions: { condition: [{ field: 'status', op: 'eq', value: '1' }] },
			limit: 5,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Tickets/query',
			body: { filter: [{ op: 'eq', field: 'status', value: 1 }], MaxRecords: 5 },
		},
		check: listOf(1, (t) => expect(t.status).toBe(1)),
	},
	{
		name: 'Get Ticket',
		parameters: { resource: 'ticket', operation: 'get', id: byId(7001) },
		expect: { method: 'GET', path: '/V1.0/Tickets/7001' },
		check: (out) => expect(one(out)).toMatchObject({ id: 7001, ticketNumber: 'T20250901.0001' }),
	},
	{
		name: 'Create Ticket',
		parameters: {
			resource: 'ticket',
			operation: 'create',
			fields: fields({
				companyID: 174,
				title: 'Disk C: below 5% on CONTOSO-SRV-01',
				status: 1,
				priority: 1,
				queueID: 8,
			}),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/Tickets',
			body: {
				companyID: 174,
				title: 'Disk C: below 5% on CONTOSO-SRV-01',
				status: 1,
				priority: 1,
				queueID: 8,
			},
		},
		check: created,
	},
	{
		name: 'Update Ticket',
		parameters: {
			resource: 'ticket',
			operation: 'update',
			id: byId(7002),
			fields: fields({ status: 5 }),
		},
		expect: { method: 'PATCH', path: '/V1.0/Tickets', body: { status: 5, id: 7002 } },
		check: updated(7002),
	},
	{
		name: 'List Time Entries',
		parameters: {
			resource: 'timeEntry',
			operation: 'getMany',
			conditions: { condition: [{ field: 'resourceID', op: 'eq', value: '29682886' }] },
			returnAll: true,
		},
		expect: {
			method: 'POST',
			path: '/V1.0/TimeEntries/query',
			body: { filter: [{ op: 'eq', field: 'resourceID', value: 29682886 }], MaxRecords: 500 },
		},
		check: listOf(1, (t) => expect(t.resourceID).toBe(29682886)),
	},
	{
		name: 'Get Time Entry',
		parameters: { resource: 'timeEntry', operation: 'get', id: '1' },
		expect: { method: 'GET', path: '/V1.0/TimeEntries/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, ticketID: 7001, hoursWorked: 1 }),
	},
	{
		name: 'Create Time Entry',
		parameters: {
			resource: 'timeEntry',
			operation: 'create',
			fields: fields({ ...NEW_TIME_ENTRY }),
		},
		expect: {
			method: 'POST',
			path: '/V1.0/TimeEntries',
			body: NEW_TIME_ENTRY,
		},
		check: created,
	},
	{
		name: 'Update Time Entry',
		parameters: {
			resource: 'timeEntry',
			operation: 'update',
			id: '2',
			fields: fields({ summaryNotes: 'Replaced toner; printer back online' }),
		},
		expect: {
			method: 'PATCH',
			path: '/V1.0/TimeEntries',
			body: { summaryNotes: 'Replaced toner; printer back online', id: 2 },
		},
		check: updated(2),
	},
	{
		name: 'List Webhook Event Error Logs',
		parameters: { resource: 'webhookEventErrorLog', operation: 'getMany', limit: 50 },
		expect: { method: 'POST', path: '/V1.0/WebhookEventErrorLogs/query', body: MATCH_ALL_50 },
		check: listOf(2, (l) => expect(typeof l.errorMessage).toBe('string')),
	},
	{
		name: 'Get Webhook Event Error Log',
		parameters: { resource: 'webhookEventErrorLog', operation: 'get', id: '1' },
		expect: { method: 'GET', path: '/V1.0/WebhookEventErrorLogs/1' },
		check: (out) => expect(one(out)).toMatchObject({ id: 1, errorMessage: 'Connection refused' }),
	},
];

/**
 * Requests an action may make besides the documented one: a lookup before it (a ticket number), and for
 * a create, update or replace the query that reads the written record back.
 */
export function requestBudget(action: DocumentedAction): number {
	return ['create', 'update', 'replace'].includes(String(action.parameters.operation)) ? 3 : 2;
}
