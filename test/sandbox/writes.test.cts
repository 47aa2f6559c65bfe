import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { call } from './helpers.cjs';

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
afterAll(() => sb.close());

const company = () =>
	sb.admin.list('Companies').find((c) => c.companyName === 'Contoso Dental Group')!;
const newTicket = () => ({
	companyID: company().id,
	title: 'Created by test',
	status: 1,
	priority: 2,
});

describe('writes: create, PATCH and PUT', () => {
	test('create answers {"itemId": n}; get by id answers {"item": ...}', async () => {
		const r = await call(sb, 'POST', 'V1.0/Tickets', { id: 0, ...newTicket() });
		expect(r.status).toBe(200);
		expect(Object.keys(r.json)).toEqual(['itemId']);
		const g = await call(sb, 'GET', `V1.0/Tickets/${r.json.itemId}`);
		expect(g.json.item).toMatchObject({
			id: r.json.itemId,
			title: 'Created by test',
			creatorResourceID: sb.store.apiResourceId,
		});
		expect(g.json.item.ticketNumber).toMatch(/^T\d{8}\.\d{4}$/);
		expect(g.json.item.createDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
	});

	test('PATCH merges only given fields; PUT nulls omitted writable fields', async () => {
		const id = (await call(sb, 'POST', 'V1.0/Tickets', { ...newTicket(), description: 'keep me' }))
			.json.itemId;
		await call(sb, 'PATCH', 'V1.0/Tickets', { id, title: 'Patched' });
		expect(sb.admin.get('Tickets', id)).toMatchObject({ title: 'Patched', description: 'keep me' });
		const put = await call(sb, 'PUT', 'V1.0/Tickets', { id, ...newTicket(), title: 'Replaced' });
		expect(put.json).toEqual({ itemId: id });
		const row = sb.admin.get('Tickets', id)!;
		expect(row.title).toBe('Replaced');
		expect(row.description).toBeNull();
		expect(row.ticketNumber).toBeTruthy(); // read-only fields survive PUT
	});

	test('required fields enforced from metadata', async () => {
		const r = await call(sb, 'POST', 'V1.0/Tickets', {
			companyID: company().id,
			status: 1,
			priority: 2,
		});
		expect(r.status).toBe(500);
		expect(r.json.errors[0]).toContain('title');
		const c = await call(sb, 'POST', 'V1.0/Companies', {
			companyName: 'No phone',
			companyType: 1,
			ownerResourceID: sb.store.apiResourceId,
		});
		expect(c.status).toBe(500);
		expect(c.json.errors[0]).toContain('phone');
	});

	test('read-only fields refused', async () => {
		const r = await call(sb, 'POST', 'V1.0/Tickets', {
			...newTicket(),
			createDate: '2020-01-01T00:00:00',
		});
		expect(r.status).toBe(500);
		expect(r.json.errors[0]).toMatch(/createDate.*read-only/);
	});

	test('reference checks', async () => {
		const r = await call(sb, 'POST', 'V1.0/Tickets', { ...newTicket(), companyID: 999999 });
		expect(r.status).toBe(500);
		expect(r.json).toEqual({
			errors: ['Reference value on field: companyID of type: Company does not exist or is invalid'],
		});
	});

	test('picklist values and parent picklists are checked', async () => {
		expect((await call(sb, 'POST', 'V1.0/Tickets', { ...newTicket(), status: 999 })).status).toBe(
			500,
		);
		expect(
			(await call(sb, 'POST', 'V1.0/Tickets', { ...newTicket(), issueType: 1, subIssueType: 30 }))
				.status,
		).toBe(500);
		expect(
			(await call(sb, 'POST', 'V1.0/Tickets', { ...newTicket(), issueType: 3, subIssueType: 30 }))
				.status,
		).toBe(200);
	});

	test('child entities are written through the parent URL with the parent id from the URL', async () => {
		const t = sb.admin.list('Tickets')[0];
		const r = await call(sb, 'POST', `V1.0/Tickets/${t.id}/Notes`, {
			title: 'n',
			description: 'd',
			noteType: 1,
			publish: 1,
		});
		expect(r.status).toBe(200);
		expect(sb.admin.get('TicketNotes', r.json.itemId)!.ticketID).toBe(t.id);
		const list = await call(sb, 'GET', `V1.0/Tickets/${t.id}/Notes`);
		expect(list.json.items.every((n: { ticketID: number }) => n.ticketID === t.id)).toBe(true);
		expect(
			(await call(sb, 'GET', `V1.0/Tickets/${t.id}/Notes/${r.json.itemId}`)).json.item.id,
		).toBe(r.json.itemId);
		expect(
			(
				await call(sb, 'POST', 'V1.0/Tickets/424242/Notes', {
					title: 'n',
					description: 'd',
					noteType: 1,
					publish: 1,
				})
			).status,
		).toBe(500);
		// Contacts: root is query-only; CompanyContacts under Companies has full CRUD and shares rows
		const c = await call(sb, 'POST', `V1.0/Companies/${company().id}/Contacts`, {
			firstName: 'Ann',
			lastName: 'Lee',
			isActive: 1,
		});
		expect((await call(sb, 'GET', `V1.0/Contacts/${c.json.itemId}`)).json.item.companyID).toBe(
			company().id,
		);
		expect(
			(await call(sb, 'DELETE', `V1.0/Companies/${company().id}/Contacts/${c.json.itemId}`)).status,
		).toBe(200);
	});

	test('UDFs: PATCH changes only the UDFs passed', async () => {
		const c = company();
		await call(sb, 'PATCH', 'V1.0/Companies', {
			id: c.id,
			userDefinedFields: [{ name: 'Number of Employees', value: '50' }],
		});
		const udfs = sb.admin.get('Companies', c.id)!.userDefinedFields as Array<{
			name: string;
			value: string;
		}>;
		expect(udfs).toEqual(
			expect.arrayContaining([
				{ name: 'Customer Ranking', value: 'Golden' },
				{ name: 'Number of Employees', value: '50' },
			]),
		);
	});

	test('get by id of a missing record -> 200 {"item":null}; 404 option', async () => {
		const r = await call(sb, 'GET', 'V1.0/Tickets/123456789');
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ item: null });
		const other = await startSandbox({ notFoundMode: '404' });
		try {
			expect((await call(other, 'GET', 'V1.0/Tickets/123456789')).status).toBe(404);
		} finally {
			await other.close();
		}
	});
});

describe('attachments', () => {
	test('base64 data through the parent URL; child GET by id answers {"items":[...data...]}; root reads omit data', async () => {
		const t = sb.admin.list('Tickets')[0];
		const data = Buffer.from('hello attachment').toString('base64');
		const r = await call(sb, 'POST', `V1.0/Tickets/${t.id}/Attachments`, {
			id: 0,
			attachmentType: 'FILE_ATTACHMENT',
			data,
			fullPath: 'hello.txt',
			title: 'Hello',
			publish: 1,
		});
		expect(r.status).toBe(200);
		const g = await call(sb, 'GET', `V1.0/Tickets/${t.id}/Attachments/${r.json.itemId}`);
		expect(g.json.items).toHaveLength(1);
		expect(g.json.items[0]).toMatchObject({
			id: r.json.itemId,
			data,
			contentType: 'text/plain',
			fileSize: 16,
		});
		const root = await call(sb, 'GET', `V1.0/TicketAttachments/${r.json.itemId}`);
		expect(root.json.item).not.toHaveProperty('data');
		expect(
			(
				await call(sb, 'POST', 'V1.0/TicketAttachments/query', {
					filter: [{ op: 'gt', field: 'fileSize', value: 0 }],
				})
			).status,
		).toBe(500);
		expect(
			(await call(sb, 'DELETE', `V1.0/Tickets/${t.id}/Attachments/${r.json.itemId}`)).status,
		).toBe(200);
	});

	test('files over ~6 MB are refused with a 500', async () => {
		const t = sb.admin.list('Tickets')[0];
		const data = Buffer.alloc(6 * 1024 * 1024 + 10, 1).toString('base64');
		const r = await call(sb, 'POST', `V1.0/Tickets/${t.id}/Attachments`, {
			data,
			fullPath: 'big.bin',
			title: 'Big',
			publish: 1,
		});
		expect(r.status).toBe(500);
		expect(r.json.errors[0]).toContain('maximum file size');
	});
});
