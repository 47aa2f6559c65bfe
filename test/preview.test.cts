/**
 * Preview Request (Dry Run) of the writes (issue 16 point 3), against the sandbox: each preview is run,
 * then the same item for real, and the preview's method, path and body must be what the real run sent.
 * A preview makes every check of a real run (labels, names, locators, impersonation) and the reads they
 * need, but no write reaches Autotask and nothing is read back.
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { autotaskNode, runOnSandbox } from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.journal.splice(0);
	sb.faults.clear();
});

type Params = (i: number) => IDataObject;

/** Runs the node over `count` items; each item's parameters from `parameters(i)`. */
const run = (parameters: Params, count = 1, continueOnFail = false) =>
	runOnSandbox(sb, parameters, count, continueOnFail);

/** The same parameters with Preview Request (Dry Run) switched on. */
const previewOf =
	(parameters: Params): Params =>
	(i) => {
		const p = parameters(i);
		return { ...p, writeOptions: { ...(p.writeOptions as IDataObject), previewOnly: true } };
	};

const isQuery = (method: string, path: string) =>
	method === 'GET' || (method === 'POST' && /\/query(\/count)?$/.test(path));
/** The writes that reached Autotask, as the preview shows them (the path under the zone's base URL). */
const writesSent = () =>
	sb.journal
		.filter((j) => !isQuery(j.method, j.path))
		.map((j) => {
			const sent: IDataObject = { method: j.method, path: j.path.replace('/ATServicesRest', '') };
			if (j.method !== 'DELETE') sent.body = j.body as IDataObject;
			if (j.headers.impersonationresourceid)
				sent.headers = { ImpersonationResourceId: j.headers.impersonationresourceid };
			return sent;
		});
const queriesOf = (path: RegExp) =>
	sb.journal.filter((j) => j.method === 'POST' && path.test(j.path)).map((j) => j.body);
/** What a preview item shows of its request. */
const request = (json: IDataObject) => {
	const { method, path, body, headers } = json;
	return JSON.parse(JSON.stringify({ method, path, body, headers })) as IDataObject;
};

/**
 * Previews the items, checks nothing was written, then runs them for real: the preview's output and
 * the writes the real run sent.
 */
async function previewThenRun(parameters: Params, count = 1) {
	const preview = await run(previewOf(parameters), count);
	expect(writesSent()).toEqual([]);
	const readsOfPreview = sb.journal.map((j) => `${j.method} ${j.path}`);
	sb.journal.splice(0);
	const real = await run(parameters, count);
	return { preview, readsOfPreview, sent: writesSent(), real };
}

const companyId = (name: string) =>
	[...sb.store.all('Company')].find((c) => c.companyName === name)!.id as number;
const resourceId = (first: string) =>
	[...sb.store.all('Resource')].find((r) => r.firstName === first)!.id as number;
const ticket = (value: IDataObject, extra: IDataObject = {}) => ({
	resource: 'ticket',
	operation: 'create',
	fields: { mappingMode: 'defineBelow', value },
	...extra,
});

describe('Preview Request (Dry Run): the request a real run sends, not sent', () => {
	it('Create: picklist labels and company names resolved in the body; no write, no read-back', async () => {
		const before = [...sb.store.all('Ticket')].length;
		const params = () =>
			ticket({
				title: 'Preview printer jam',
				status: 'New',
				priority: 2,
				companyID: 'fabrikam legal llp',
			});
		const { preview, readsOfPreview, sent } = await previewThenRun(params);
		expect(preview).toEqual([
			{
				json: {
					preview: true,
					method: 'POST',
					path: '/V1.0/Tickets',
					body: {
						title: 'Preview printer jam',
						status: 1,
						priority: 2,
						companyID: companyId('Fabrikam Legal LLP'),
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		// the name lookup was read; the written ticket was not read back
		expect(readsOfPreview.filter((r) => !r.startsWith('GET'))).toEqual([
			'POST /ATServicesRest/V1.0/Companies/query',
		]);
		expect(sent).toEqual([request(preview[0].json)]);
		expect([...sb.store.all('Ticket')].length).toBe(before + 1); // only the real run created one
	});

	it('Update of a ticket picked by its number: the PATCH with the ticket’s ID', async () => {
		const target = sb.store.get('Ticket', 7001)!;
		const params = () => ({
			resource: 'ticket',
			operation: 'update',
			id: { __rl: true, mode: 'ticketNumber', value: target.ticketNumber },
			fields: {
				mappingMode: 'defineBelow',
				value: { title: 'Previewed title', status: 'Complete' },
			},
		});
		const preview = await run(previewOf(params));
		expect(sb.store.get('Ticket', 7001)!.title).toBe(target.title);
		expect(preview.map((o) => o.json)).toEqual([
			{
				preview: true,
				method: 'PATCH',
				path: '/V1.0/Tickets',
				body: { title: 'Previewed title', status: 5, id: 7001 },
			},
		]);
		expect(writesSent()).toEqual([]);
		sb.journal.splice(0);
		await run(params);
		expect(writesSent()).toEqual([request(preview[0].json)]);
		expect(sb.store.get('Ticket', 7001)!.title).toBe('Previewed title');
	});

	it('Replace of a ticket note through its parent: the PUT with ticketID from the Parent ID', async () => {
		const note = [...sb.store.all('TicketNote')].find((n) => n.ticketID === 7001)!;
		const value = { title: 'Preview replaced', description: 'All of it.', noteType: 1, publish: 1 };
		const { preview, sent } = await previewThenRun(() => ({
			resource: 'ticketNote',
			operation: 'replace',
			parentId: '7001',
			id: String(note.id),
			fields: { mappingMode: 'defineBelow', value },
		}));
		expect(preview.map((o) => o.json)).toEqual([
			{
				preview: true,
				method: 'PUT',
				path: '/V1.0/Tickets/7001/Notes',
				body: { ...value, id: note.id, ticketID: 7001 },
			},
		]);
		expect(sent).toEqual([request(preview[0].json)]);
	});

	it('Delete: the DELETE with the record’s path, and the record is still there', async () => {
		const appointment = sb.store.insert('Appointment', {
			title: 'Preview delete',
			resourceID: 29682885,
			startDateTime: '2026-12-02T09:00:00Z',
			endDateTime: '2026-12-02T10:00:00Z',
		});
		const params = () => ({
			resource: 'appointment',
			operation: 'delete',
			id: String(appointment.id),
		});
		const preview = await run(previewOf(params));
		expect(preview.map((o) => o.json)).toEqual([
			{ preview: true, method: 'DELETE', path: `/V1.0/Appointments/${appointment.id}` },
		]);
		expect(sb.journal).toEqual([]);
		expect(sb.store.get('Appointment', appointment.id as number)).toBeDefined();
		const real = await run(params);
		expect(writesSent()).toEqual([request(preview[0].json)]);
		expect(real[0].json).toEqual({ id: appointment.id, deleted: true });
		expect(sb.store.get('Appointment', appointment.id as number)).toBeUndefined();
	});

	it('Create or Update: the match query is read, and each item says whether it would update or create', async () => {
		const names = ['Fabrikam Legal LLP', 'Preview Newco'];
		const { preview, readsOfPreview, sent, real } = await previewThenRun(
			(i) => ({
				resource: 'company',
				operation: 'createOrUpdate',
				matchOn: ['companyName'],
				fields: {
					mappingMode: 'defineBelow',
					value: {
						companyName: names[i],
						companyType: 'Customer',
						phone: '555-0142',
						ownerResourceID: 'Priya Shah',
					},
				},
			}),
			2,
		);
		const fabrikam = companyId('Fabrikam Legal LLP');
		const owner = { companyType: 1, phone: '555-0142', ownerResourceID: resourceId('Priya') };
		expect(preview.map((o) => o.json)).toEqual([
			{
				preview: true,
				action: 'update',
				method: 'PATCH',
				path: '/V1.0/Companies',
				body: { companyName: names[0], ...owner, id: fabrikam },
			},
			{
				preview: true,
				action: 'create',
				method: 'POST',
				path: '/V1.0/Companies',
				body: { companyName: names[1], ...owner },
			},
		]);
		// the match query and the owner's name; nothing written is read back
		expect(readsOfPreview.filter((r) => !r.startsWith('GET')).sort()).toEqual([
			'POST /ATServicesRest/V1.0/Companies/query',
			'POST /ATServicesRest/V1.0/Resources/query',
		]);
		const byMethod = (a: IDataObject, b: IDataObject) =>
			String(a.method).localeCompare(String(b.method));
		expect([...sent].sort(byMethod)).toEqual(preview.map((o) => request(o.json)).sort(byMethod));
		expect(real.map((o) => o.json.action)).toEqual(['updated', 'created']);
	});

	it('Create or Update of two items with the same new match: each is previewed against Autotask as it is now', async () => {
		// A real run creates the first and updates that record with the second; a preview creates
		// nothing, so there is no record (and no ID) for the second item's update yet.
		const out = await run(
			previewOf(() => ({
				resource: 'company',
				operation: 'createOrUpdate',
				matchOn: ['companyName'],
				fields: {
					mappingMode: 'defineBelow',
					value: {
						companyName: 'Preview Twin',
						companyType: 1,
						phone: '1',
						ownerResourceID: 29682885,
					},
				},
			})),
			2,
		);
		expect(out.map((o) => [o.json.action, o.json.method])).toEqual([
			['create', 'POST'],
			['create', 'POST'],
		]);
		expect(writesSent()).toEqual([]);
	});

	it('Find or Create: a record that matches is returned as found; the other item shows its create', async () => {
		const names = ['Tailspin Toys', 'Preview Findco'];
		const FIND = { companyType: 1, phone: '555-0143', ownerResourceID: 29682885 };
		const out = await run(
			previewOf((i) => ({
				resource: 'company',
				operation: 'findOrCreate',
				matchOn: ['companyName'],
				fields: { mappingMode: 'defineBelow', value: { ...FIND, companyName: names[i] } },
			})),
			2,
		);
		expect(out[0].json).toMatchObject({ id: companyId('Tailspin Toys'), action: 'found' });
		expect(out[0].json.preview).toBeUndefined();
		expect(out[1].json).toEqual({
			preview: true,
			action: 'create',
			method: 'POST',
			path: '/V1.0/Companies',
			body: { ...FIND, companyName: 'Preview Findco' },
		});
		expect(writesSent()).toEqual([]);
		expect(queriesOf(/Companies\/query$/)).toHaveLength(1);
	});

	it('shows the ImpersonationResourceId header a real run sends, and never the credentials', async () => {
		const resource = [...sb.store.all('Resource')].find(
			(r) => r.isActive && r.id !== 29682885 && r.firstName !== 'Jordan',
		)!;
		const { preview, sent } = await previewThenRun(() =>
			ticket(
				{ title: 'Previewed as a technician', status: 1, priority: 2, companyID: 0 },
				{ impersonationResourceId: String(resource.id) },
			),
		);
		expect(preview[0].json.headers).toEqual({ ImpersonationResourceId: String(resource.id) });
		expect(sent).toEqual([request(preview[0].json)]);
		const shown = JSON.stringify(preview);
		for (const secret of [sb.credentials.username, sb.credentials.secret]) {
			expect(secret).toBeTruthy();
			expect(shown).not.toContain(secret);
		}
		expect(shown).not.toMatch(/ApiIntegrationCode|UserName|Secret/i);
	});
});

describe('Preview Request (Dry Run): bad input fails as in a real run', () => {
	const failure = async (parameters: Params) => {
		const e = (await run(parameters).then(
			() => undefined,
			(error: unknown) => error,
		)) as { message: string; description?: string; context?: IDataObject } | undefined;
		expect(e).toBeDefined();
		return { message: e!.message, description: e!.description, item: e!.context?.itemIndex };
	};
	const GOOD = { title: 'Printer jam', status: 1, priority: 2, companyID: 0 };
	const cases: Array<[string, Params, RegExp]> = [
		['an unknown picklist label', () => ticket({ ...GOOD, status: 'Done' }), /picklist labels/],
		['text in a decimal field', () => ticket({ ...GOOD, estimatedHours: 'two' }), /not a number/],
		['an unknown company name', () => ticket({ ...GOOD, companyID: 'Acme Corp' }), /No Company/],
		[
			'a non-numeric Impersonation Resource ID',
			() => ticket(GOOD, { impersonationResourceId: 'jordan' }),
			/Impersonation Resource ID "jordan" is not a number/,
		],
		[
			'a ticket number that is not one (Update)',
			() => ({
				resource: 'ticket',
				operation: 'update',
				id: { __rl: true, mode: 'ticketNumber', value: '2024-0001' },
				fields: { mappingMode: 'defineBelow', value: { title: 'x' } },
			}),
			/is not a ticket number/,
		],
	];
	it.each(cases)('%s', async (_name, parameters, message) => {
		const previewed = await failure(previewOf(parameters));
		expect(previewed.message).toMatch(message);
		expect(writesSent()).toEqual([]);
		expect(await failure(parameters)).toEqual(previewed);
		expect(writesSent()).toEqual([]);
	});

	it('Continue On Fail: the bad item gets the error of a real run, the others their preview', async () => {
		const titles = ['Preview good one', 'Preview bad one', 'Preview good two'];
		const params: Params = (i) =>
			ticket({ ...GOOD, title: titles[i], status: i === 1 ? 'Closed' : 'New' });
		const preview = await run(previewOf(params), 3, true);
		expect(writesSent()).toEqual([]);
		const real = await run(params, 3, true);
		expect(preview.map((o) => o.json.preview ?? o.json.error)).toEqual([
			true,
			real[1].json.error,
			true,
		]);
		expect(real[1].json.error).toMatch(/"Closed" is not one of its picklist labels/);
		const byTitle = (a: IDataObject, b: IDataObject) =>
			String((a.body as IDataObject).title).localeCompare(String((b.body as IDataObject).title));
		expect(writesSent().sort(byTitle)).toEqual(
			[request(preview[0].json), request(preview[2].json)].sort(byTitle),
		);
		expect(preview.map((o) => o.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
	});
});

describe('Preview Request (Dry Run) in the editor', () => {
	it('is an option of Create, Update, Replace, Delete, Create or Update and Find or Create, on as soon as it is added; Return Only the ID is not offered on Delete', () => {
		const options = autotaskNode().description.properties.find((p) => p.name === 'writeOptions')!;
		expect([...(options.displayOptions!.show!.operation as string[])].sort()).toEqual(
			['create', 'createOrUpdate', 'delete', 'findOrCreate', 'replace', 'update'].sort(),
		);
		const inner = options.options as Array<{ name: string; displayOptions?: IDataObject }>;
		expect(inner.find((o) => o.name === 'previewOnly')).toMatchObject({
			displayName: 'Preview Request (Dry Run)',
			type: 'boolean',
			default: true,
		});
		const idOnly = inner.find((o) => o.name === 'returnIdOnly')!;
		expect((idOnly.displayOptions!.show as IDataObject)['/operation']).not.toContain('delete');
	});
});
