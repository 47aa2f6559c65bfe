import { startSandbox } from '../../sandbox/server.cjs';
import { ALL, call } from './helpers.cjs';

describe('seeds', () => {
	test('demo is deterministic and covers the MSP entities', async () => {
		const a = await startSandbox({ seed: 'demo' });
		const b = await startSandbox({ seed: 'demo' });
		try {
			for (const e of [
				'Companies',
				'Contacts',
				'Tickets',
				'TicketNotes',
				'TicketAttachments',
				'ConfigurationItems',
				'Contracts',
				'Projects',
				'Phases',
				'Tasks',
				'Resources',
				'TimeEntries',
				'Surveys',
				'Documents',
				'TicketCategories',
				'WebhookEventErrorLogs',
				'Opportunities',
				'Invoices',
			]) {
				const rows = a.admin.list(e);
				expect(rows.length).toBeGreaterThan(0);
				expect(JSON.stringify(b.admin.list(e))).toBe(JSON.stringify(rows));
			}
			const types = new Set(a.admin.list('Companies').map((c) => c.companyType));
			expect(types.size).toBeGreaterThanOrEqual(6);
		} finally {
			await a.close();
			await b.close();
		}
	});

	test('bench:100000 generates 100k tickets in seconds and serves a 500-record page', async () => {
		const s = Date.now();
		const sb = await startSandbox({ seed: 'bench:100000' });
		try {
			expect(Date.now() - s).toBeLessThan(5000);
			expect((await call(sb, 'POST', 'V1.0/Tickets/query/count', { filter: [ALL] })).json).toEqual({
				queryCount: 100000,
			});
			const p = await call(sb, 'POST', 'V1.0/Tickets/query', {
				filter: [{ op: 'eq', field: 'status', value: 5 }],
			});
			expect(p.json.items).toHaveLength(500);
		} finally {
			await sb.close();
		}
	});
});
