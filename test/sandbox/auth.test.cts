import { startSandbox } from '../../sandbox/server.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';
import { ALL, authHeaders, call } from './helpers.cjs';

let sb: Sandbox;
beforeAll(async () => (sb = await startSandbox({ seed: 'demo' })));
afterAll(() => sb.close());

const q = { filter: [ALL], MaxRecords: 1 };

describe('authentication', () => {
	test('header names are case-insensitive', async () => {
		const h = {
			apiintegrationcode: sb.credentials.integrationCode,
			USERNAME: sb.credentials.username,
			secret: sb.credentials.secret,
		};
		expect((await call(sb, 'POST', 'V1.0/Companies/query', q, h)).status).toBe(200);
	});

	test('wrong secret -> 401 with an empty body', async () => {
		const r = await call(
			sb,
			'POST',
			'V1.0/Companies/query',
			q,
			authHeaders(sb, { Secret: 'nope' }),
		);
		expect(r.status).toBe(401);
		expect(r.text).toBe('');
	});

	test('bad username / integration code -> 401 by default', async () => {
		expect(
			(await call(sb, 'POST', 'V1.0/Companies/query', q, authHeaders(sb, { UserName: 'x@y.z' })))
				.status,
		).toBe(401);
		expect(
			(
				await call(
					sb,
					'POST',
					'V1.0/Companies/query',
					q,
					authHeaders(sb, { ApiIntegrationCode: 'WRONG' }),
				)
			).status,
		).toBe(401);
		expect((await call(sb, 'POST', 'V1.0/Companies/query', q, {})).status).toBe(401);
	});

	test('bad username / integration code statuses are configurable (500 option)', async () => {
		const other = await startSandbox({ badUsernameStatus: 500, badIntegrationCodeStatus: 500 });
		try {
			expect(
				(
					await call(
						other,
						'POST',
						'V1.0/Companies/query',
						q,
						authHeaders(other, { UserName: 'x@y.z' }),
					)
				).status,
			).toBe(500);
			expect(
				(
					await call(
						other,
						'POST',
						'V1.0/Companies/query',
						q,
						authHeaders(other, { ApiIntegrationCode: 'WRONG' }),
					)
				).status,
			).toBe(500);
			expect(
				(
					await call(
						other,
						'POST',
						'V1.0/Companies/query',
						q,
						authHeaders(other, { Secret: 'nope' }),
					)
				).status,
			).toBe(401);
		} finally {
			await other.close();
		}
	});

	test('credentials can be overridden', async () => {
		const other = await startSandbox({ credentials: { secret: 'another-secret' } });
		try {
			expect(other.credentials.integrationCode).toHaveLength(27);
			expect((await call(other, 'POST', 'V1.0/Companies/query', q)).status).toBe(200);
		} finally {
			await other.close();
		}
	});

	test('ImpersonationResourceId sets creator and impersonatorCreatorResourceID / impersonatorUpdaterResourceID', async () => {
		const tech = sb.admin.list('Resources').find((r) => r.firstName === 'Alex')!;
		const ticket = sb.admin.list('Tickets')[0];
		const h = authHeaders(sb, { ImpersonationResourceId: String(tech.id) });
		const r = await call(
			sb,
			'POST',
			`V1.0/Tickets/${ticket.id}/Notes`,
			{ title: 'As Alex', description: 'hello', noteType: 1, publish: 1 },
			h,
		);
		expect(r.status).toBe(200);
		const note = sb.admin.get('TicketNotes', r.json.itemId)!;
		expect(note.creatorResourceID).toBe(tech.id);
		expect(note.impersonatorCreatorResourceID).toBe(sb.store.apiResourceId);
		await call(sb, 'PATCH', `V1.0/Tickets/${ticket.id}/Notes`, { id: note.id, title: 'Edited' }, h);
		expect(sb.admin.get('TicketNotes', note.id)!.impersonatorUpdaterResourceID).toBe(
			sb.store.apiResourceId,
		);
	});

	test('unknown or non-impersonatable resource -> "does not have the adequate permissions"', async () => {
		const locked = sb.admin.list('Resources').find((r) => r.firstName === 'Jordan')!;
		for (const id of ['999', String(locked.id)]) {
			const r = await call(
				sb,
				'POST',
				'V1.0/Companies',
				{ companyName: 'X', companyType: 1, phone: '1', ownerResourceID: locked.id },
				authHeaders(sb, { ImpersonationResourceId: id }),
			);
			expect(r.status).toBe(500);
			expect(r.json.errors[0]).toContain('does not have the adequate permissions');
		}
	});

	test('the journal never records the Secret header value', async () => {
		const last = sb.journal[sb.journal.length - 1];
		expect(JSON.stringify(sb.journal)).not.toContain(sb.credentials.secret);
		expect(last.headers.username).toBe(sb.credentials.username);
	});
});
