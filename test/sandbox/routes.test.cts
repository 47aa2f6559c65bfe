import { listOperations } from '../../nodes/Autotask/catalog';
import { Router } from '../../sandbox/router.cjs';
import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { ALL, call } from './helpers.cjs';

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
afterAll(() => sb.close());

describe('routing from the catalog', () => {
	test('every catalog operation (method + path template) resolves to itself', () => {
		const router = new Router();
		const ops = listOperations();
		expect(ops.length).toBeGreaterThan(3000);
		for (const op of ops) {
			const path = op.path.replace(/\{[^}]+\}/g, '42');
			const m = router.match(op.method, path);
			expect(m.kind).toBe('ok');
			if (m.kind === 'ok') expect([m.match.route.path, m.match.route.op]).toEqual([op.path, op.op]);
		}
	});

	test('paths are case-insensitive', async () => {
		const r = await call(sb, 'POST', `${sb.origin}/atservicesrest/v1.0/tickets/QUERY`, {
			filter: [ALL],
			MaxRecords: 1,
		});
		expect(r.status).toBe(200);
		expect(r.json.items).toHaveLength(1);
	});

	test('wrong verb on a known path -> 405 ASP.NET body', async () => {
		const r = await call(sb, 'PATCH', 'V1.0/Tickets/123', { id: 123 });
		expect(r.status).toBe(405);
		expect(r.json).toEqual({
			Message: "The requested resource does not support http method 'PATCH'.",
		});
	});

	test('unknown route -> 404; child entities have no root POST', async () => {
		expect((await call(sb, 'GET', 'V1.0/NoSuchThing/query')).status).toBe(404);
		expect((await call(sb, 'GET', `${sb.origin}/elsewhere`)).status).toBe(404);
		const r = await call(sb, 'POST', 'V1.0/TicketNotes', {
			ticketID: 7001,
			title: 'x',
			description: 'y',
			noteType: 1,
			publish: 1,
		});
		expect([404, 405]).toContain(r.status);
		// Tickets have no DELETE route at all (none in the swagger)
		expect((await call(sb, 'DELETE', 'V1.0/Tickets/7001')).status).toBe(405);
	});
});

describe('version and zone endpoints', () => {
	test('VersionInformation and Version', async () => {
		const v = await call(
			sb,
			'GET',
			`${sb.origin}/ATServicesRest/VersionInformation`,
			undefined,
			{},
		);
		expect(v.json).toEqual({ apiVersions: ['1.0'] });
		const ver = await call(sb, 'GET', 'V1.0/Version');
		expect(Object.keys(ver.json).sort()).toEqual([
			'build',
			'customerType',
			'majorVersion',
			'minorVersion',
		]);
	});

	test('ZoneInformation is unauthenticated; url is the base URL with trailing slash', async () => {
		const z = await call(
			sb,
			'GET',
			`V1.0/ZoneInformation?user=${encodeURIComponent(sb.credentials.username)}`,
			undefined,
			{},
		);
		expect(z.status).toBe(200);
		expect(z.json.url).toBe(sb.baseUrl);
		expect(z.json.url.endsWith('/ATServicesRest/')).toBe(true);
		expect(typeof z.json.zoneName).toBe('string');
		expect(typeof z.json.ci).toBe('number');
		const bad = await call(
			sb,
			'GET',
			'V1.0/zoneInformation?user=nobody%40example.com',
			undefined,
			{},
		);
		expect(bad.status).toBe(500);
		expect(Array.isArray(bad.json.errors)).toBe(true);
	});
});

describe('threshold information and the other special endpoints', () => {
	test('ThresholdInformation, Modules, EntityInformation', async () => {
		const t = await call(sb, 'GET', 'V1.0/ThresholdInformation');
		expect(t.json).toMatchObject({
			externalRequestThreshold: 10000,
			requestThresholdTimeframe: 60,
		});
		expect(t.json.currentTimeframeRequestCount).toBeGreaterThan(0);
		expect((await call(sb, 'GET', 'V1.0/Modules')).json.modules[0]).toEqual({
			key: 24,
			value: true,
		});
		const ei = await call(sb, 'GET', 'V1.0/EntityInformation');
		expect(ei.json.entityDescriptions.length).toBe(233);
	});

	test('invoice PDF and markup', async () => {
		const inv = sb.admin.list('Invoices')[0];
		const pdf = await call(sb, 'GET', `V1.0/Invoices/${inv.id}/InvoicePdf`);
		expect(pdf.json.contentType).toBe('application/pdf');
		expect(Buffer.from(pdf.json.data, 'base64').toString().startsWith('%PDF')).toBe(true);
		expect(
			(await call(sb, 'GET', `V1.0/Invoices/${inv.id}/InvoiceMarkupHtml`)).json.invoiceMarkup,
		).toContain('<html>');
	});

	test('time-off approve (GET) and reject (POST), time-off balance by year', async () => {
		const req = sb.admin.list('TimeOffRequests')[0];
		expect((await call(sb, 'GET', `V1.0/TimeOffRequests/${req.id}/Approve`)).json).toEqual({
			itemId: req.id,
		});
		expect(sb.admin.get('TimeOffRequests', req.id)?.status).toBe(2);
		expect(
			(await call(sb, 'POST', `V1.0/TimeOffRequests/${req.id}/Reject`, { reason: 'Busy week' }))
				.status,
		).toBe(200);
		expect(sb.admin.get('TimeOffRequests', req.id)?.rejectReason).toBe('Busy week');
		const bal = await call(sb, 'GET', `V1.0/Resources/${req.resourceID}/TimeOffBalances/2025`);
		expect(bal.json.item).toMatchObject({ resourceID: req.resourceID, year: 2025 });
	});

	test('inventory stocked items add', async () => {
		const p = sb.admin.list('InventoryProducts')[0];
		const r = await call(sb, 'POST', `V1.0/InventoryProducts/${p.id}/StockedItemsAdd`, {
			quantityBeingAdded: 2,
		});
		expect(r.status).toBe(200);
		expect(typeof r.json.itemId).toBe('number');
	});

	test('company invoice settings and recipients', async () => {
		const company = sb.admin
			.list('Companies')
			.find((c) => c.companyName === 'Contoso Dental Group')!;
		const contact = sb.admin.list('Contacts').find((c) => c.companyID === company.id)!;
		expect(
			(
				await call(sb, 'PUT', `V1.0/Companies/${company.id}/invoiceSettings`, {
					invoiceEmailingEnabled: true,
				})
			).status,
		).toBe(200);
		expect(
			(
				await call(sb, 'POST', `V1.0/Companies/${company.id}/invoiceSettings/contactRecipients`, {
					items: [contact.id],
				})
			).json,
		).toEqual({ contactRecipients: [contact.id] });
		const got = await call(sb, 'GET', `V1.0/Companies/${company.id}/invoiceSettings`);
		expect(got.json.item).toMatchObject({
			invoiceEmailingEnabled: true,
			contactRecipients: [contact.id],
		});
		await call(
			sb,
			'DELETE',
			`V1.0/Companies/${company.id}/invoiceSettings/contactRecipients/${contact.id}`,
		);
		expect(
			(await call(sb, 'GET', `V1.0/Companies/${company.id}/invoiceSettings`)).json.item
				.contactRecipients,
		).toEqual([]);
	});
});
