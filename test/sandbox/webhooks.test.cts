import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dotnetStringify } from '../../sandbox/dotnet-json.cjs';
import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { sign } from '../../sandbox/webhooks.cjs';
import { call } from './helpers.cjs';

interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	raw: string;
}

/** Loopback receiver that answers with a status chosen per path. */
async function receiver(
	statusFor: (path: string) => number = () => 200,
): Promise<{ url: string; got: Received[]; server: Server }> {
	const got: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			got.push({
				path: req.url ?? '',
				headers: req.headers,
				raw: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(statusFor(req.url ?? '')).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, server };
}

describe('callout signature and .NET escaping of the signed body', () => {
	test('test vector: secret testsecret123 -> sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=', () => {
		const payload = {
			Action: 'Update',
			Guid: 'a1da62a4-2c49-40a8-8183-69994ce5b3eb',
			EntityType: 'Ticket',
			Id: 351181,
			Fields: { title: 'Café & <b>"quoted"</b> it\'s 1+1 `x`' },
			EventTime: '2025-09-15T14:57:50Z',
			SequenceNumber: 1,
			PersonID: 30691780,
		};
		const body = dotnetStringify(payload);
		expect(body).toBe(
			'{"Action":"Update","Guid":"a1da62a4-2c49-40a8-8183-69994ce5b3eb","EntityType":"Ticket","Id":351181,"Fields":{"title":"Caf\\u00E9 \\u0026 \\u003Cb\\u003E\\u0022quoted\\u0022\\u003C/b\\u003E it\\u0027s 1\\u002B1 \\u0060x\\u0060"},"EventTime":"2025-09-15T14:57:50Z","SequenceNumber":1,"PersonID":30691780}',
		);
		expect(sign('testsecret123', body)).toBe('sha1=6dTVgT+WmcfV5Ht2PlMlbRKcMjo=');
		expect(sign('testsecret123', JSON.stringify(payload))).toBe(
			'sha1=JCAPP7+4bfoCewNJMSSFbH/jJ/0=',
		);
		expect(dotnetStringify('a\nb\t\\c\u0001')).toBe('"a\\nb\\t\\\\c\\u0001"');
	});
});

describe('webhooks', () => {
	let sb: Sandbox;
	let rx: Awaited<ReturnType<typeof receiver>>;
	beforeEach(async () => {
		// Retry gaps compressed; the callout timeout is not, so a receiver slowed by a busy machine is
		// not taken for one that failed (which would deliver the callout again).
		sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.002, webhookTimeoutMs: 5_000 });
		rx = await receiver((p) => (p.startsWith('/fail') ? 500 : 200));
	});
	afterEach(async () => {
		await sb.close();
		rx.server.close();
	});

	async function makeHook(entity: string, path = '/hook', extra: Record<string, unknown> = {}) {
		const r = await call(sb, 'POST', `V1.0/${entity}`, {
			name: 'test hook',
			webhookUrl: rx.url + path,
			deactivationUrl: rx.url + '/deactivated',
			secretKey: 'testsecret123',
			isActive: true,
			isSubscribedToCreateEvents: true,
			isSubscribedToUpdateEvents: true,
			isSubscribedToDeleteEvents: true,
			sendThresholdExceededNotification: false,
			...extra,
		});
		expect(r.status).toBe(200);
		return r.json.itemId as number;
	}

	async function fieldId(fieldsEntity: string, name: string): Promise<number> {
		const f = (
			await call(sb, 'GET', `V1.0/${fieldsEntity}/entityInformation/fields`)
		).json.fields.find((x: { name: string }) => x.name === 'fieldID');
		return Number(f.picklistValues.find((v: { label: string }) => v.label === name).value);
	}

	test('CRUD: webhookUrl and deactivationUrl required, GUID generated, isReady once a subscribed field exists', async () => {
		const bad = await call(sb, 'POST', 'V1.0/TicketWebhooks', {
			name: 'x',
			isActive: true,
			isSubscribedToCreateEvents: true,
			isSubscribedToUpdateEvents: true,
			isSubscribedToDeleteEvents: true,
		});
		expect(bad.status).toBe(500);
		const id = await makeHook('TicketWebhooks');
		const hook = (await call(sb, 'GET', `V1.0/TicketWebhooks/${id}`)).json.item;
		expect(hook.webhookGUID).toMatch(/^[0-9a-f-]{36}$/);
		expect(hook.isReady).toBe(false);
		expect(hook.ownerResourceID).toBe(sb.store.apiResourceId);
		const f = await call(sb, 'POST', `V1.0/TicketWebhooks/${id}/Fields`, {
			fieldID: await fieldId('TicketWebhookFields', 'status'),
			isSubscribedField: true,
			isDisplayAlwaysField: false,
		});
		expect(f.status).toBe(200);
		expect((await call(sb, 'GET', `V1.0/TicketWebhooks/${id}`)).json.item.isReady).toBe(true);
		expect((await call(sb, 'GET', `V1.0/TicketWebhooks/${id}/Fields`)).json.items).toHaveLength(1);
		expect(
			(
				await call(sb, 'POST', `V1.0/TicketWebhookFields/query`, {
					filter: [{ op: 'eq', field: 'webhookID', value: id }],
				})
			).json.items,
		).toHaveLength(1);
		// TicketNoteWebhooks have no UdfFields (the swagger has no TicketNoteWebhookUdfFields)
		expect((await call(sb, 'GET', 'V1.0/TicketNoteWebhooks/1/UdfFields')).status).toBe(404);
		expect((await call(sb, 'DELETE', `V1.0/TicketWebhooks/${id}`)).status).toBe(200);
		expect((await call(sb, 'GET', `V1.0/TicketWebhooks/${id}/Fields`)).json.items).toHaveLength(0);
		await sb.webhooks.idle();
		await new Promise((r) => setTimeout(r, 50));
		expect(rx.got.some((g) => g.path === '/deactivated')).toBe(true);
	});

	test('cap per owner resource is refused', async () => {
		const small = await startSandbox({ seed: 'demo', maxWebhooksPerResource: 2 });
		try {
			const body = {
				name: 'h',
				webhookUrl: rx.url,
				deactivationUrl: rx.url,
				isActive: true,
				isSubscribedToCreateEvents: true,
				isSubscribedToUpdateEvents: true,
				isSubscribedToDeleteEvents: true,
			};
			expect((await call(small, 'POST', 'V1.0/TicketWebhooks', body)).status).toBe(200);
			expect((await call(small, 'POST', 'V1.0/CompanyWebhooks', body)).status).toBe(200);
			const third = await call(small, 'POST', 'V1.0/ContactWebhooks', body);
			expect(third.status).toBe(500);
			expect(third.json.errors[0]).toContain('maximum number of webhooks');
		} finally {
			await small.close();
		}
	});

	test('callout: changed subscribed + display-always fields, exact signed bytes, SequenceNumber per webhook, PersonID', async () => {
		const id = await makeHook('TicketWebhooks');
		await call(sb, 'POST', `V1.0/TicketWebhooks/${id}/Fields`, {
			fieldID: await fieldId('TicketWebhookFields', 'status'),
			isSubscribedField: true,
			isDisplayAlwaysField: false,
		});
		await call(sb, 'POST', `V1.0/TicketWebhooks/${id}/Fields`, {
			fieldID: await fieldId('TicketWebhookFields', 'title'),
			isSubscribedField: false,
			isDisplayAlwaysField: true,
		});
		const hook = sb.admin.get('TicketWebhooks', id)!;
		const t = sb.admin.list('Tickets').find((x) => x.status === 1)!;
		await call(sb, 'PATCH', 'V1.0/Tickets', { id: t.id, priority: 3 }); // not subscribed: no callout
		await call(sb, 'PATCH', 'V1.0/Tickets', { id: t.id, status: 8 });
		sb.admin.update('Tickets', t.id, { status: 5 }, { personId: 29682886 });
		await sb.webhooks.idle();
		const calls = rx.got.filter((g) => g.path === '/hook');
		expect(calls).toHaveLength(2);
		const first = JSON.parse(calls[0].raw);
		expect(Object.keys(first)).toEqual([
			'Action',
			'Guid',
			'EntityType',
			'Id',
			'Fields',
			'EventTime',
			'SequenceNumber',
			'PersonID',
		]);
		expect(first).toMatchObject({
			Action: 'Update',
			Guid: hook.webhookGUID,
			EntityType: 'Ticket',
			Id: t.id,
			Fields: { status: '8', title: t.title },
			SequenceNumber: 1,
			PersonID: sb.store.apiResourceId,
		});
		expect(first.EventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(JSON.parse(calls[1].raw)).toMatchObject({
			SequenceNumber: 2,
			PersonID: 29682886,
			Fields: { status: '5' },
		});
		for (const c of calls) {
			expect(c.headers['content-type']).toBe('application/json');
			expect(c.headers['x-hook-signature']).toBe(sign('testsecret123', c.raw));
			expect(c.raw).toBe(dotnetStringify(JSON.parse(c.raw))); // .NET escaping on the wire
		}
		// The demo ticket title "Café POS ... & error <E42>" must go out escaped
		const cafe = sb.admin.list('Tickets').find((x) => String(x.title).startsWith('Caf'))!;
		await call(sb, 'PATCH', 'V1.0/Tickets', { id: cafe.id, status: 5 });
		await sb.webhooks.idle();
		const raw = rx.got.filter((g) => g.path === '/hook').at(-1)!.raw;
		expect(raw).toContain(
			'Caf\\u00E9 POS terminal \\u2014 \\u0022receipt\\u0022 printer jam \\u0026 error \\u003CE42\\u003E',
		);
	});

	test('Create and Delete actions; Delete carries {}; excluded resources are skipped', async () => {
		const id = await makeHook('TicketNoteWebhooks');
		await call(sb, 'POST', `V1.0/TicketNoteWebhooks/${id}/Fields`, {
			fieldID: await fieldId('TicketNoteWebhookFields', 'title'),
			isSubscribedField: true,
			isDisplayAlwaysField: false,
		});
		await call(sb, 'POST', `V1.0/TicketNoteWebhooks/${id}/ExcludedResources`, {
			resourceID: 29682886,
		});
		const t = sb.admin.list('Tickets')[0];
		await call(sb, 'POST', `V1.0/Tickets/${t.id}/Notes`, {
			title: 'Hello',
			description: 'x',
			noteType: 1,
			publish: 1,
		});
		const note = sb.admin.create(
			'TicketNotes',
			{ ticketID: t.id, title: 'By excluded', description: 'y', noteType: 1, publish: 1 },
			{ personId: 29682886 },
		);
		sb.admin.delete('TicketNotes', note.id, { personId: sb.store.apiResourceId });
		await sb.webhooks.idle();
		const bodies = rx.got.filter((g) => g.path === '/hook').map((g) => JSON.parse(g.raw));
		expect(bodies.map((b) => b.Action)).toEqual(['Create', 'Delete']);
		expect(bodies[0]).toMatchObject({ EntityType: 'TicketNote', Fields: { title: 'Hello' } });
		expect(bodies[1]).toMatchObject({ Id: note.id, Fields: {} });
	});

	test('delivery: 5 attempts then a WebhookEventErrorLogs row; 25 failed events deactivate and call deactivationUrl', async () => {
		sb.webhooks.timeScale = 0.0003; // 9 ms retry gap keeps 125 attempts fast
		const id = await makeHook('CompanyWebhooks', '/fail');
		await call(sb, 'POST', `V1.0/CompanyWebhooks/${id}/Fields`, {
			fieldID: await fieldId('CompanyWebhookFields', 'phone'),
			isSubscribedField: true,
			isDisplayAlwaysField: false,
		});
		const c = sb.admin.list('Companies')[1];
		const logsBefore = sb.admin.list('WebhookEventErrorLogs').length;
		for (let i = 0; i < 25; i++)
			sb.admin.update('Companies', c.id, { phone: `555-9${String(i).padStart(3, '0')}` });
		await sb.webhooks.idle();
		const attempts = rx.got.filter((g) => g.path === '/fail');
		expect(attempts).toHaveLength(125);
		expect(JSON.parse(attempts[4].raw).SequenceNumber).toBe(1);
		expect(JSON.parse(attempts[5].raw).SequenceNumber).toBe(2);
		const logs = sb.admin.list('WebhookEventErrorLogs').slice(logsBefore);
		expect(logs).toHaveLength(25);
		expect(logs[0]).toMatchObject({ accountWebhookID: id, sequenceNumber: 1 });
		expect(String(logs[0].errorMessage)).toContain('500');
		expect(sb.admin.get('CompanyWebhooks', id)!.isActive).toBe(false);
		await new Promise((r) => setTimeout(r, 50));
		expect(rx.got.filter((g) => g.path === '/deactivated')).toHaveLength(1);
		// no more callouts once inactive
		sb.admin.update('Companies', c.id, { phone: '555-0000' });
		await sb.webhooks.idle();
		expect(rx.got.filter((g) => g.path === '/fail')).toHaveLength(125);
	});

	test('retry gap and timeout follow webhookTimeScale (30 s / 10 s scaled)', async () => {
		const slow = await receiver();
		const hang = createServer(() => undefined); // never answers -> timeout
		await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
		try {
			sb.webhooks.timeScale = 0.005; // 150 ms gap, 50 ms timeout
			sb.webhooks.timeoutMs = undefined; // the timeout scales too in this case
			const id = await makeHook('ContactWebhooks', '/x', {
				webhookUrl: `http://127.0.0.1:${(hang.address() as AddressInfo).port}/`,
			});
			await call(sb, 'POST', `V1.0/ContactWebhooks/${id}/Fields`, {
				fieldID: await fieldId('ContactWebhookFields', 'firstName'),
				isSubscribedField: true,
				isDisplayAlwaysField: false,
			});
			const contact = sb.admin.list('Contacts')[0];
			const s = Date.now();
			sb.admin.update('Contacts', contact.id, { firstName: 'Changed' });
			await sb.webhooks.idle();
			const took = Date.now() - s;
			expect(took).toBeGreaterThanOrEqual(4 * 150 + 5 * 50 - 20);
			const d = sb.webhooks.deliveries.filter((x) => x.webhook === `ContactWebhook:${id}`);
			expect(d).toHaveLength(5);
			expect(d[0].error).toContain('Timed out');
			expect(sb.admin.list('WebhookEventErrorLogs').at(-1)).toMatchObject({ contactWebhookID: id });
		} finally {
			sb.webhooks.timeoutMs = 5_000;
			slow.server.close();
			hang.closeAllConnections();
			hang.close();
		}
	});
});
