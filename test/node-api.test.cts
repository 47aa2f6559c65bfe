/** The Autotask node's API resource, run through execute() against the sandbox. */
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { createExecuteContext, makeCredentials, autotaskNode } from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo', hourlyLimit: 10000 });
});
afterAll(async () => sb.close());
beforeEach(() => sb.journal.splice(0));

function run(
	operation: string,
	options: { items?: number; continueOnFail?: boolean; secret?: string } = {},
) {
	const ctx = createExecuteContext({
		credentials: makeCredentials({
			...sb.credentials,
			secret: options.secret ?? sb.credentials.secret,
			zone: 'custom',
			customUrl: sb.baseUrl,
		}),
		parameters: { resource: 'api', operation },
		items: Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		continueOnFail: options.continueOnFail,
	});
	return autotaskNode().execute.call(ctx);
}

it('Get Threshold Information gives the usage as numbers and percent', async () => {
	const [out] = await run('thresholdInformation');
	expect(out).toHaveLength(1);
	const t = out[0].json;
	expect(t).toMatchObject({ externalRequestThreshold: 10000, requestThresholdTimeframe: 60 });
	expect(t.remainingRequests).toBe(10000 - (t.currentTimeframeRequestCount as number));
	expect(t.usagePercent).toBeCloseTo(((t.currentTimeframeRequestCount as number) / 10000) * 100, 1);
	expect(out[0].pairedItem).toEqual({ item: 0 });
	expect(sb.journal.filter((j) => /ThresholdInformation/.test(j.path))).toHaveLength(1);
});

it('Get Version Information calls GET /VersionInformation (outside /V1.0) once per item', async () => {
	const [out] = await run('versionInformation', { items: 2 });
	expect(out.map((o) => o.json)).toEqual([{ apiVersions: ['1.0'] }, { apiVersions: ['1.0'] }]);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	// The credential's reachability check is unauthenticated; the node's calls carry the headers.
	const nodeCalls = sb.journal.filter(
		(j) =>
			j.path === '/ATServicesRest/VersionInformation' &&
			j.headers.username === sb.credentials.username,
	);
	expect(nodeCalls).toHaveLength(2);
});

it('with Continue On Fail, a refused credential becomes an error item per input item', async () => {
	const [out] = await run('version', {
		items: 2,
		continueOnFail: true,
		secret: 'not-the-secret-7Q',
	});
	expect(out).toHaveLength(2);
	expect(out[0].json.error).toBe('Autotask refused the credentials (401)');
	expect(out[1].pairedItem).toEqual({ item: 1 });
});

it('without Continue On Fail, the error names the item', async () => {
	const err = await run('version', { secret: 'not-the-secret-7Q' }).catch((e) => e);
	expect(err.constructor.name).toBe('NodeApiError');
	expect(err.context.itemIndex).toBe(0);
});

describe('Make an API Request', () => {
	function request(parameters: Record<string, unknown>) {
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
			parameters: { resource: 'api', operation: 'request', ...parameters },
		});
		return autotaskNode()
			.execute.call(ctx)
			.then(([out]) => out);
	}
	const apiCalls = () =>
		sb.journal
			.filter((j) => j.headers.username)
			.map((j) => ({ method: j.method, path: j.path, query: j.query, body: j.body }));

	it('sends the method, the path under /V1.0/, the query and the body to the zone', async () => {
		const out = await request({
			method: 'POST',
			path: 'Tickets/query',
			body: '{"filter":[{"op":"eq","field":"id","value":7001}]}',
			query: '{}',
		});
		expect(apiCalls()).toEqual([
			{
				method: 'POST',
				path: '/ATServicesRest/V1.0/Tickets/query',
				query: {},
				body: { filter: [{ op: 'eq', field: 'id', value: 7001 }] },
			},
		]);
		expect((out[0].json.items as Array<{ id: number }>)[0].id).toBe(7001);
	});

	it('follows pages on request and returns one item per record', async () => {
		const total = sb.store.count('Ticket');
		const out = await request({
			method: 'POST',
			path: '/V1.0/Tickets/query',
			body: { filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 5 },
			followPages: true,
		});
		expect(out).toHaveLength(total);
		expect(apiCalls()).toHaveLength(Math.ceil(total / 5));
	});

	it('refuses a full URL, so the credential never goes to another host', async () => {
		const err = await request({ method: 'GET', path: 'https://example.test/V1.0/Version' }).catch(
			(e) => e,
		);
		expect(err.message).toBe('Path must be a path, not a full URL [item 0]');
		expect(apiCalls()).toEqual([]);
	});
});
