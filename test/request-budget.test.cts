/**
 * Issue 18 point 3: the requests an execution spent, per entity, shown as an n8n execution hint.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { clearMetadataCache } from '../nodes/Autotask/helpers/metadata-cache';
import { transportSettings } from '../nodes/Autotask/transport';
import {
	budgetText,
	countRequest,
	reportRequestBudget,
	requestsSpent,
} from '../nodes/Autotask/transport/request-budget';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { autotaskNode, createExecuteContext, makeCredentials } from './helpers/n8n-context.cjs';

let sb: Sandbox;
const saved = { ...transportSettings };
beforeAll(async () => {
	sb = await startSandbox({ seed: 'bench:2345' });
	Object.assign(transportSettings, { baseDelayMs: 5, maxDelayMs: 40 });
});
afterAll(async () => {
	Object.assign(transportSettings, saved);
	await sb.close();
});
beforeEach(() => {
	clearMetadataCache();
	sb.faults.clear();
	sb.journal.splice(0);
});

function context(parameters: IDataObject) {
	return createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: (name: string) => parameters[name],
	});
}
const hintsOf = (ctx: IExecuteFunctions) =>
	(ctx as unknown as { hints: Array<{ message: string; location?: string }> }).hints;
const apiRequests = () => sb.journal.filter((j) => /\/V1\.0\//i.test(j.path)).length;

describe('the request budget hint', () => {
	it('Get Many of 2,345 tickets with labels: one hint with the requests Autotask counted', async () => {
		const ctx = context({ resource: 'ticket', operation: 'getMany', returnAll: true });
		await autotaskNode().execute.call(ctx);
		// first page, count, 4 range pages, 2 metadata reads for the labels
		expect(apiRequests()).toBe(8);
		expect(hintsOf(ctx)).toEqual([
			{
				message:
					'Autotask requests this execution: Tickets 8 (of 10,000 per hour shared by all integrations of your Autotask database)',
				location: 'outputPane',
			},
		]);
	});

	it('counts every attempt: a request repeated after a fault counts twice', async () => {
		sb.faults.add({ path: '/V1\\.0/Tickets/query$', action: 'status', status: 503, count: 1 });
		const ctx = context({
			resource: 'ticket',
			operation: 'getMany',
			limit: 5,
			outputOptions: { addPicklistLabels: false },
		});
		await autotaskNode().execute.call(ctx);
		expect(apiRequests()).toBe(2);
		expect(hintsOf(ctx).map((h) => h.message)).toEqual([
			expect.stringMatching(/^Autotask requests this execution: Tickets 2 \(of 10,000 per hour/),
		]);
	});

	it('per entity, most first, child paths counted for their parent entity', () => {
		const ctx = {};
		for (const path of [
			'/V1.0/Tickets/query',
			'/V1.0/tickets/query/count',
			'/V1.0/Companies/0/Contacts',
			'/V1.0/Tickets/7001/Notes',
		])
			countRequest(ctx, path);
		expect(requestsSpent(ctx)).toEqual([
			{ entity: 'Tickets', requests: 3 },
			{ entity: 'Companies', requests: 1 },
		]);
		expect(budgetText(ctx)).toBe('Tickets 3, Companies 1');
	});

	it('an n8n without execution hints, or an execution that sent nothing: no hint and no error', () => {
		const old = {};
		countRequest(old, '/V1.0/Tickets/query');
		expect(() => reportRequestBudget(old)).not.toThrow();
		const none = { hints: [] as unknown[], addExecutionHints: jest.fn() };
		reportRequestBudget(none);
		expect(none.addExecutionHints).not.toHaveBeenCalled();
	});
});
