/**
 * The Autotask node's generic operations against the sandbox: the exact requests Autotask receives and
 * the items the node returns. Plus the check that the UI reaches every entity and verb of the catalog.
 */
import type { IDataObject } from 'n8n-workflow';

import { ENTITIES, SPECIALS } from '../nodes/Autotask/catalog';
import { REQUEST_BODIES } from '../nodes/Autotask/catalog/entities.generated';
import { SPECIAL_OPERATIONS } from '../nodes/Autotask/v1/actions/special/specials';
import { routesFor } from '../nodes/Autotask/helpers/routes';
import { ACTION_ENTITIES } from '../nodes/Autotask/v1/actions/resource.description';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { clearMetadataCache } from '../nodes/Autotask/helpers/metadata-cache';
import { createExecuteContext, makeCredentials, autotaskNode } from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => sb.journal.splice(0));

function run(
	parameters: IDataObject,
	options: { items?: IDataObject[]; binaries?: IDataObject[]; continueOnFail?: boolean } = {},
) {
	const ctx = createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: (name: string) => {
			const parts = name.split('.');
			let v: unknown = parameters;
			for (const p of parts) v = v && typeof v === 'object' ? (v as IDataObject)[p] : undefined;
			return v;
		},
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
/** The Autotask calls the node made, without the metadata reads. */
const calls = () =>
	sb.journal
		.filter((j) => !/versioninformation|entityInformation/i.test(j.path))
		.map((j) => ({ method: j.method, path: j.path.replace('/ATServicesRest', ''), body: j.body }));

describe('the UI reaches every entity and verb of the catalog', () => {
	const description = autotaskNode().description;
	const resources = description.properties.find((p) => p.name === 'resource')!.options as Array<{
		name: string;
		value: string;
	}>;

	it('lists the 228 entities that are records (plus API) as resources, sorted by name', () => {
		const values = resources.map((o) => o.value);
		for (const e of ENTITIES.filter((x) => !ACTION_ENTITIES.has(x.name)))
			expect(values).toContain(e.value);
		expect(values).toHaveLength(229);
		const names = resources.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});

	it('offers operations that cover exactly the catalog operations of every entity', () => {
		const operationProps = description.properties.filter((p) => p.name === 'operation');
		const apiOperations = (
			operationProps.find((p) => p.displayOptions?.show?.resource?.includes('api'))!
				.options as Array<{ value: string }>
		).map((o) => o.value);
		// Entity information, fields and UDFs: the API resource's metadata operations, for any entity.
		expect(apiOperations).toEqual(
			expect.arrayContaining(['getEntityInfo', 'getFieldInfo', 'getPicklistValues']),
		);
		const metadata = /:(entityInformation|fields|userDefinedFields)$/;
		const bySpecial = new Set(
			Object.values(SPECIAL_OPERATIONS)
				.flat()
				.flatMap((sp) => sp.covers),
		);
		for (const e of ENTITIES) {
			const catalog = [
				...e.root.map((o) => `root:${o}`),
				...(e.child?.ops ?? []).map((o) => `child:${o}`),
			];
			const covered = new Set(
				catalog.filter((c) => metadata.test(c) || bySpecial.has(`${e.name}:${c}`)),
			);
			const shown = operationProps.filter((p) =>
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(e.value),
			);
			expect(shown).toHaveLength(ACTION_ENTITIES.has(e.name) ? 0 : 1);
			const verbs = ((shown[0]?.options ?? []) as Array<{ value: string }>).map((o) => o.value);
			for (const c of routesFor(e)
				.filter((r) => verbs.includes(r.verb))
				.flatMap((r) => r.covers))
				covered.add(c);
			expect({ entity: e.name, covered: [...covered].sort() }).toEqual({
				entity: e.name,
				covered: catalog.sort(),
			});
		}
	});

	it('keeps the whole description under 250 KB', () => {
		const size = JSON.stringify(description).length;
		process.stdout.write(`node description: ${(size / 1024).toFixed(1)} KB\n`);
		expect(size).toBeLessThan(250 * 1024);
	});
});

describe('records', () => {
	it('Get Many companies filtered by company type Customer sends the filter Autotask expects', async () => {
		const out = await run({
			resource: 'company',
			operation: 'getMany',
			filterMode: 'conditions',
			conditions: { condition: [{ field: 'companyType', op: 'eq', value: '1' }] },
			returnAll: true,
		});
		// Return All sends the count with the first page (it sizes the ID ranges of a larger read)
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Companies/query',
				body: { filter: [{ op: 'eq', field: 'companyType', value: 1 }], MaxRecords: 500 },
			},
			{
				method: 'POST',
				path: '/V1.0/Companies/query/count',
				body: { filter: [{ op: 'eq', field: 'companyType', value: 1 }] },
			},
		]);
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((o) => o.json.companyType === 1)).toBe(true);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('Get Many with no condition matches everything explicitly, and honours the limit', async () => {
		const out = await run({ resource: 'ticket', operation: 'getMany', returnAll: false, limit: 3 });
		expect(out).toHaveLength(3);
		expect(calls()[0].body).toEqual({
			filter: [{ op: 'gte', field: 'id', value: 0 }],
			MaxRecords: 3,
		});
	});

	it('Get Many with OR conditions and selected fields', async () => {
		const out = await run({
			resource: 'ticket',
			operation: 'getMany',
			conditions: {
				condition: [
					{ field: 'priority', op: 'eq', value: '1' },
					{ field: 'status', op: 'in', value: '1, 5' },
				],
			},
			combine: 'or',
			includeFields: ['title'],
			returnAll: true,
		});
		expect(calls()[0].body).toEqual({
			filter: [
				{
					op: 'or',
					items: [
						{ op: 'eq', field: 'priority', value: 1 },
						{ op: 'in', field: 'status', value: [1, 5] },
					],
				},
			],
			IncludeFields: ['id', 'title'],
			MaxRecords: 500,
		});
		expect(Object.keys(out[0].json).sort()).toEqual(expect.arrayContaining(['id', 'title']));
	});

	it('Count sends POST …/query/count', async () => {
		const out = await run({
			resource: 'ticket',
			operation: 'count',
			filterMode: 'json',
			filterJson: '[{"op":"gte","field":"id","value":0}]',
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/query/count',
				body: { filter: [{ op: 'gte', field: 'id', value: 0 }] },
			},
		]);
		expect(out[0].json.count).toBe(sb.store.count('Ticket'));
	});

	it('Create, Get and Update a ticket: POST, GET by id, PATCH with the id in the body', async () => {
		const created = await run({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: { companyID: 0, title: 'Firewall down', status: 1, priority: 1 },
			},
		});
		const id = created[0].json.id as number;
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets',
				body: { companyID: 0, title: 'Firewall down', status: 1, priority: 1 },
			},
			{
				method: 'POST',
				path: '/V1.0/Tickets/query',
				body: { filter: [{ op: 'in', field: 'id', value: [id] }], MaxRecords: 1 },
			},
		]);
		// the output is the ticket as Autotask now holds it, ticket number included
		expect(created[0].json).toMatchObject({
			id,
			title: 'Firewall down',
			status: 1,
			priority: 1,
			ticketNumber: expect.stringMatching(/^T\d{8}\.\d{4}$/),
		});
		sb.journal.splice(0);
		const got = await run({ resource: 'ticket', operation: 'get', id: String(id) });
		expect(calls()).toEqual([{ method: 'GET', path: `/V1.0/Tickets/${id}`, body: undefined }]);
		expect(got[0].json).toMatchObject({ id, title: 'Firewall down' });
		sb.journal.splice(0);
		const onlyId = await run({
			resource: 'ticket',
			operation: 'update',
			id: String(id),
			fields: { mappingMode: 'defineBelow', value: { priority: 2 } },
			writeOptions: { returnIdOnly: true },
		});
		expect(calls()).toEqual([
			{ method: 'PATCH', path: '/V1.0/Tickets', body: { priority: 2, id } },
		]);
		expect(onlyId[0].json).toEqual({ itemId: id }); // Return Only the ID: no read-back
		expect(sb.store.get('Ticket', id)).toMatchObject({ priority: 2, title: 'Firewall down' });
	});

	it('Create a ticket note goes through the parent ticket, with ticketID filled in', async () => {
		const out = await run({
			resource: 'ticketNote',
			operation: 'create',
			parentId: '7001',
			fields: {
				mappingMode: 'defineBelow',
				value: {
					title: 'Called the client',
					description: 'Rebooted the router.',
					noteType: 1,
					publish: 1,
				},
			},
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/7001/Notes',
				body: {
					title: 'Called the client',
					description: 'Rebooted the router.',
					noteType: 1,
					publish: 1,
					ticketID: 7001,
				},
			},
			{
				method: 'POST',
				path: '/V1.0/TicketNotes/query',
				body: { filter: [{ op: 'in', field: 'id', value: [out[0].json.id] }], MaxRecords: 1 },
			},
		]);
		expect(out[0].json).toMatchObject({ ticketID: 7001, title: 'Called the client' });
		expect(sb.store.get('TicketNote', out[0].json.id as number)).toMatchObject({ ticketID: 7001 });
	});

	it('Replace a ticket note through its parent fills ticketID from the Parent ID, as Create does (issue 14 point 15)', async () => {
		const note = [...sb.store.all('TicketNote')].find((n) => n.ticketID === 7001)!;
		const value = {
			title: 'Replaced title',
			description: 'Whole note sent again.',
			noteType: 1,
			publish: 1,
		};
		const out = await run({
			resource: 'ticketNote',
			operation: 'replace',
			parentId: '7001',
			id: String(note.id),
			fields: { mappingMode: 'defineBelow', value },
		});
		expect(calls().filter((c) => c.method === 'PUT')).toEqual([
			{
				method: 'PUT',
				path: '/V1.0/Tickets/7001/Notes',
				body: { ...value, id: note.id, ticketID: 7001 },
			},
		]);
		expect(out[0].json.id).toBe(note.id);
		expect(sb.store.get('TicketNote', note.id as number)).toMatchObject({
			ticketID: 7001,
			title: 'Replaced title',
		});
	});

	it('Ignore Missing Records also holds when Autotask answers 404 for a missing ID, for root and child records (issue 14 point 16)', async () => {
		sb.settings.notFoundMode = '404';
		try {
			const ignore = { outputOptions: { ignoreMissing: true } };
			expect(await run({ resource: 'ticket', operation: 'get', id: '999999', ...ignore })).toEqual(
				[],
			);
			expect(
				await run({
					resource: 'companyContact',
					operation: 'get',
					parentId: '0',
					id: '999999',
					...ignore,
				}),
			).toEqual([]);
			expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual([
				'GET /V1.0/Tickets/999999',
				'GET /V1.0/Companies/0/Contacts/999999',
			]);
			expect(sb.journal.filter((j) => /999999/.test(j.path)).map((j) => j.status)).toEqual([
				404, 404,
			]);
			// without the option, the item says the record is missing rather than "route or record"
			const err = await run({ resource: 'ticket', operation: 'get', id: '999999' }).catch((e) => e);
			expect(err.message).toBe('Autotask has no Ticket with ID 999999 [item 0]');
		} finally {
			sb.settings.notFoundMode = 'item-null';
		}
	});

	it('Get Many company contacts (child-only entity) lists them through the parent company', async () => {
		const company = [...sb.store.all('Contact')][0].companyID as number;
		const out = await run({
			resource: 'companyContact',
			operation: 'getMany',
			parentId: String(company),
			returnAll: true,
		});
		expect(calls()).toEqual([
			{ method: 'GET', path: `/V1.0/Companies/${company}/Contacts`, body: undefined },
		]);
		expect(out.length).toBeGreaterThan(0);
		expect(out.every((o) => o.json.companyID === company)).toBe(true);
	});

	it('writes UDFs as userDefinedFields', async () => {
		const companyId = [...sb.store.all('Company')].find((c) => c.id !== 0)!.id as number;
		await run({
			resource: 'company',
			operation: 'update',
			id: String(companyId),
			fields: {
				mappingMode: 'defineBelow',
				value: { 'udf:Customer Ranking': 'Gold', phone: '555-0199' },
			},
		});
		expect(calls()[0].body).toEqual({
			phone: '555-0199',
			userDefinedFields: [{ name: 'Customer Ranking', value: 'Gold' }],
			id: companyId,
		});
	});

	it('Get Picklist Values lists the tenant’s company types', async () => {
		const out = await run({
			resource: 'company',
			operation: 'getPicklistValues',
			picklistField: 'companyType',
		});
		const pairs = out.map((o) => `${o.json.value} ${o.json.label}`);
		expect(pairs).toEqual(
			expect.arrayContaining([
				'1 Customer',
				'2 Lead',
				'3 Prospect',
				'4 Dead',
				'6 Cancelation',
				'7 Vendor',
				'8 Partner',
			]),
		);
	});
});

describe('bad input is refused before any request, naming the item', () => {
	it('a non-numeric ID', async () => {
		const err = await run({ resource: 'ticket', operation: 'get', id: 'T2024' }).catch((e) => e);
		expect(err.message).toBe('ID "T2024" is not a number [item 0]');
		expect(err.context.itemIndex).toBe(0);
		expect(calls()).toEqual([]);
	});

	it('a missing parent ID', async () => {
		const err = await run({
			resource: 'ticketNote',
			operation: 'create',
			parentId: '',
			fields: { value: { title: 'x' } },
		}).catch((e) => e);
		expect(err.message).toBe('Parent ID is empty [item 0]');
		expect(calls()).toEqual([]);
	});

	it('text in a numeric filter field', async () => {
		const err = await run({
			resource: 'ticket',
			operation: 'getMany',
			conditions: { condition: [{ field: 'estimatedHours', op: 'eq', value: 'high' }] },
		}).catch((e) => e);
		expect(err.message).toBe('The value "high" for estimatedHours is not a number [item 0]');
		expect(calls().filter((c) => /query/.test(c.path))).toEqual([]);
	});

	it('two UDF conditions, malformed JSON', async () => {
		const two = await run({
			resource: 'company',
			operation: 'getMany',
			filterMode: 'json',
			filterJson:
				'[{"op":"eq","field":"A","udf":true,"value":"1"},{"op":"eq","field":"B","udf":true,"value":"2"}]',
		}).catch((e) => e);
		expect(two.message).toBe('The filter has 2 user-defined field conditions [item 0]');
		const bad = await run({
			resource: 'company',
			operation: 'getMany',
			filterMode: 'json',
			filterJson: '[{"op":',
		}).catch((e) => e);
		expect(bad.message).toBe('Filter (JSON) is not valid JSON [item 0]');
		expect(calls()).toEqual([]);
	});

	it('with Continue On Fail the other items still complete', async () => {
		const out = await run(
			{ resource: 'ticket', operation: 'get', id: '7001' },
			{ items: [{}, {}], continueOnFail: true },
		);
		expect(out.map((o) => o.json.id)).toEqual([7001, 7001]);
		const mixed = await run(
			{ resource: 'ticket', operation: 'get', id: 'nope' },
			{ items: [{}], continueOnFail: true },
		);
		expect(mixed[0].json.error).toBe('ID "nope" is not a number');
	});
});

describe('output options and impersonation', () => {
	it('Add Picklist Labels and Flatten UDFs shape Get Many output, reading metadata once for all items', async () => {
		clearMetadataCache(); // cold, so the once-per-execution read shows (issue 18 caches it for the process)
		const out = await run(
			{
				resource: 'company',
				operation: 'getMany',
				conditions: { condition: [{ field: 'companyType', op: 'eq', value: '1' }] },
				returnAll: true,
				outputOptions: { addPicklistLabels: true, flattenUdfs: true },
			},
			{ items: [{}, {}] },
		);
		expect(out.length).toBeGreaterThan(1);
		expect(out.every((o) => o.json.companyType_label === 'Customer')).toBe(true);
		expect(out.some((o) => Object.keys(o.json).some((k) => k.startsWith('udf_')))).toBe(true);
		expect(out.every((o) => !('userDefinedFields' in o.json))).toBe(true);
		const metadataReads = sb.journal.filter((j) =>
			/Companies\/entityInformation\/fields$/.test(j.path),
		);
		expect(metadataReads).toHaveLength(1);
	});

	it('sends ImpersonationResourceId on writes, and Autotask records the impersonation', async () => {
		const resource = [...sb.store.all('Resource')].find(
			(r) => r.isActive && r.id !== 29682885 && r.firstName !== 'Jordan',
		)!;
		const out = await run({
			resource: 'ticket',
			operation: 'create',
			impersonationResourceId: String(resource.id),
			fields: {
				mappingMode: 'defineBelow',
				value: { companyID: 0, title: 'Made as a technician', status: 1, priority: 2 },
			},
		});
		const post = sb.journal.find((j) => j.method === 'POST' && /\/V1\.0\/Tickets$/.test(j.path))!;
		expect(post.headers.impersonationresourceid).toBe(String(resource.id));
		expect(sb.store.get('Ticket', out[0].json.id as number)).toMatchObject({
			creatorResourceID: resource.id,
			impersonatorCreatorResourceID: 29682885,
		});
	});

	it('refuses a non-numeric Impersonation Resource ID before sending', async () => {
		const err = await run({
			resource: 'ticket',
			operation: 'create',
			impersonationResourceId: 'jordan',
			fields: { mappingMode: 'defineBelow', value: { title: 'x' } },
		}).catch((e) => e);
		expect(err.message).toBe('Impersonation Resource ID "jordan" is not a number [item 0]');
		expect(calls()).toEqual([]);
	});
});

describe('attachments', () => {
	const file = Buffer.from('%PDF-1.4 quarterly report');
	const binary = {
		data: { data: file.toString('base64'), fileName: 'report.pdf', mimeType: 'application/pdf' },
	};

	it('Upload sends the binary property as base64 through the parent ticket; Download brings it back as a file', async () => {
		const up = await run(
			{
				resource: 'ticketAttachment',
				operation: 'upload',
				parentId: '7001',
				binaryPropertyName: 'data',
				attachmentTitle: 'Q3 report',
				publish: 1,
			},
			{ binaries: [binary] },
		);
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: '/V1.0/Tickets/7001/Attachments',
				body: {
					id: 0,
					attachmentType: 'FILE_ATTACHMENT',
					fullPath: 'report.pdf',
					title: 'Q3 report',
					publish: 1,
					data: file.toString('base64'),
					ticketID: 7001,
				},
			},
		]);
		const id = up[0].json.itemId as number;
		sb.journal.splice(0);
		const down = await run({
			resource: 'ticketAttachment',
			operation: 'download',
			parentId: '7001',
			id: String(id),
			binaryOutputPropertyName: 'file',
		});
		expect(calls()).toEqual([
			{ method: 'GET', path: `/V1.0/Tickets/7001/Attachments/${id}`, body: undefined },
		]);
		expect(down[0].binary!.file).toMatchObject({
			fileName: 'report.pdf',
			data: file.toString('base64'),
		});
		expect(down[0].json).toMatchObject({ id, title: 'Q3 report' });
		expect(down[0].json).not.toHaveProperty('data');
	});

	it('names a missing binary property and lists the ones the item has, before sending', async () => {
		const err = await run(
			{
				resource: 'ticketAttachment',
				operation: 'upload',
				parentId: '7001',
				binaryPropertyName: 'attachment',
			},
			{ binaries: [binary] },
		).catch((e) => e);
		expect(err.message).toBe('The item has no binary property "attachment" [item 0]');
		expect(err.description).toBe('Its binary properties are: data.');
		expect(calls()).toEqual([]);
	});

	it('explains an expression that produced the file instead of its property name', async () => {
		const err = await run(
			{
				resource: 'ticketAttachment',
				operation: 'upload',
				parentId: '7001',
				binaryPropertyName: binary.data,
			},
			{ binaries: [binary] },
		).catch((e) => e);
		expect(err.message).toBe('Input Binary Field must be the name of a binary property [item 0]');
		expect(err.description).toMatch(/not an expression such as \{\{ \$binary\.data \}\}/);
		expect(calls()).toEqual([]);
	});

	it('refuses a file over Autotask’s 6 MB limit before sending', async () => {
		const big = {
			data: { data: Buffer.alloc(6 * 1024 * 1024 + 1).toString('base64'), fileName: 'big.iso' },
		};
		const err = await run(
			{
				resource: 'ticketAttachment',
				operation: 'upload',
				parentId: '7001',
				binaryPropertyName: 'data',
			},
			{ binaries: [big] },
		).catch((e) => e);
		expect(err.message).toBe(
			'The file is 6.0 MB; Autotask accepts at most 6 MB per attachment [item 0]',
		);
		expect(calls()).toEqual([]);
	});
});

describe('special endpoints as operations of their resource', () => {
	const first = (model: string) => [...sb.store.all(model)][0];

	it('reach every special endpoint except the ones the credential and API resource use', () => {
		const covered = new Set(
			Object.values(SPECIAL_OPERATIONS)
				.flat()
				.flatMap((s) => s.covers)
				.filter((c) => c.startsWith('special:'))
				.map((c) => c.slice('special:'.length)),
		);
		for (const k of ['version', 'versionInformation', 'modules', 'thresholdInformation'])
			covered.add(k); // API resource
		const missing = SPECIALS.map((s) => s.key).filter((k) => !covered.has(k));
		// zoneInformation: the credential's Auto-Detect; Authenticate and the global EntityInformation: Make an API Request.
		expect(missing.sort()).toEqual(['authenticate', 'entityInformation', 'zoneInformation']);
	});

	it('each Body field shows an example whose keys are all in the operation’s swagger request model (issue 14 point 13)', () => {
		const properties = autotaskNode().description.properties.filter(
			(p) => p.name === 'specialBody',
		);
		for (const special of Object.values(SPECIAL_OPERATIONS)
			.flat()
			.filter((s) => s.body)) {
			const shown = properties.filter((p) =>
				(p.displayOptions?.show?.operation as string[] | undefined)?.includes(special.value),
			);
			expect({ op: special.value, shown: shown.length }).toEqual({ op: special.value, shown: 1 });
			expect(shown[0].description).toContain(special.body!.example);
			const allowed = REQUEST_BODIES[special.covers[0]];
			expect({
				op: special.value,
				keys: Object.keys(JSON.parse(special.body!.example)).filter((k) => !allowed.includes(k)),
			}).toEqual({ op: special.value, keys: [] });
		}
	});

	it('Invoice Get PDF writes the file into a binary property', async () => {
		const invoice = first('Invoice');
		const out = await run({
			resource: 'invoice',
			operation: 'getPdf',
			id: String(invoice.id),
			binaryOutputPropertyName: 'pdf',
		});
		expect(calls()).toEqual([
			{ method: 'GET', path: `/V1.0/Invoices/${invoice.id}/InvoicePdf`, body: undefined },
		]);
		expect(out[0].binary!.pdf.mimeType).toBe('application/pdf');
		expect(Buffer.from(out[0].binary!.pdf.data, 'base64').subarray(0, 4).toString()).toBe('%PDF');
	});

	it('Invoice Get Markup HTML', async () => {
		const invoice = first('Invoice');
		const out = await run({
			resource: 'invoice',
			operation: 'getMarkupHtml',
			id: String(invoice.id),
		});
		expect(calls()[0].path).toBe(`/V1.0/Invoices/${invoice.id}/InvoiceMarkupHtml`);
		expect(String(out[0].json.invoiceMarkup)).toMatch(/<html/i);
	});

	it('Time Off Request Approve (a GET that acts) and Reject (POST with a reason)', async () => {
		const request = first('TimeOffRequest');
		await run({ resource: 'timeOffRequest', operation: 'approveRequest', id: String(request.id) });
		expect(calls()).toEqual([
			{ method: 'GET', path: `/V1.0/TimeOffRequests/${request.id}/Approve`, body: undefined },
		]);
		expect(sb.store.get('TimeOffRequest', request.id as number)!.status).toBe(2);
		sb.journal.splice(0);
		await run({
			resource: 'timeOffRequest',
			operation: 'rejectRequest',
			id: String(request.id),
			specialBody: '{"reason":"Busy week"}',
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: `/V1.0/TimeOffRequests/${request.id}/Reject`,
				body: { reason: 'Busy week' },
			},
		]);
		expect(sb.store.get('TimeOffRequest', request.id as number)).toMatchObject({
			status: 3,
			rejectReason: 'Busy week',
		});
	});

	it('Resource Get Time Off Balance by year', async () => {
		const resource = first('TimeOffRequest').resourceID as number;
		await run({
			resource: 'resource',
			operation: 'getTimeOffBalance',
			id: String(resource),
			secondId: '2026',
		});
		expect(calls()).toEqual([
			{ method: 'GET', path: `/V1.0/Resources/${resource}/TimeOffBalances/2026`, body: undefined },
		]);
	});

	it('Company invoice settings and recipients', async () => {
		const company = [...sb.store.all('Contact')][0];
		const id = String(company.companyID);
		await run({ resource: 'company', operation: 'getInvoiceSettings', id });
		await run({
			resource: 'company',
			operation: 'addInvoiceContactRecipients',
			id,
			specialBody: `{"items":[${company.id}]}`,
		});
		expect(sb.store.invoiceSettings(Number(id)).contactRecipients).toContain(company.id);
		await run({
			resource: 'company',
			operation: 'removeInvoiceContactRecipient',
			id,
			secondId: String(company.id),
		});
		expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /V1.0/Companies/${id}/invoiceSettings`,
			`POST /V1.0/Companies/${id}/invoiceSettings/contactRecipients`,
			`DELETE /V1.0/Companies/${id}/invoiceSettings/contactRecipients/${company.id}`,
		]);
		expect(sb.store.invoiceSettings(Number(id)).contactRecipients).not.toContain(company.id);
	});

	it('Inventory Product Stocked Items Add posts the JSON body', async () => {
		const product = first('InventoryProduct');
		await run({
			resource: 'inventoryProduct',
			operation: 'stockedItemsAdd',
			id: String(product.id),
			specialBody: '{"quantityBeingAdded":2}',
		});
		expect(calls()).toEqual([
			{
				method: 'POST',
				path: `/V1.0/InventoryProducts/${product.id}/StockedItemsAdd`,
				body: { quantityBeingAdded: 2 },
			},
		]);
	});

	it('refuses a body that is not a JSON object before sending', async () => {
		const err = await run({
			resource: 'timeOffRequest',
			operation: 'rejectRequest',
			id: '1',
			specialBody: 'busy',
		}).catch((e) => e);
		expect(err.message).toBe('Body (JSON) is not a JSON object [item 0]');
		expect(calls()).toEqual([]);
	});
});
