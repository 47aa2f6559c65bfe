/**
 * The transport against the sandbox (a real HTTP server on 127.0.0.1): paging, retries, the
 * concurrency cap, error wording, and no repeat of a write Autotask may have applied.
 */
import {
	autotaskCount,
	autotaskQuery,
	autotaskRequest,
	toZonePath,
	transportSettings,
} from '../nodes/Autotask/transport';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { createExecuteContext, makeCredentials } from './helpers/n8n-context.cjs';
import { startRecorder, type Recorder } from './helpers/recorder.cjs';

const ALL = [{ op: 'gte', field: 'id', value: 0 }];
const saved = { ...transportSettings };

let sb: Sandbox;
function context() {
	return createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
	});
}
const apiCalls = () => sb.journal.filter((j) => !/versioninformation/i.test(j.path));

beforeAll(async () => {
	sb = await startSandbox({ seed: 'bench:1200' });
	Object.assign(transportSettings, { baseDelayMs: 20, maxDelayMs: 100 });
});
afterAll(async () => {
	Object.assign(transportSettings, saved);
	await sb.close();
});
beforeEach(() => {
	sb.faults.clear();
	sb.journal.splice(0);
});

describe('paging (pageDetails.nextPageUrl, 500 records a page)', () => {
	it('follows nextPageUrl until Autotask has no more: 1,200 tickets in 3 requests', async () => {
		const result = await autotaskQuery.call(context(), '/V1.0/Tickets/query', { filter: ALL });
		expect(result.items).toHaveLength(1200);
		expect(new Set(result.items.map((t) => t.id)).size).toBe(1200);
		expect(result).toMatchObject({ pages: 3, hasMore: false });
		const calls = apiCalls();
		expect(calls).toHaveLength(3);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			path: '/ATServicesRest/V1.0/Tickets/query',
			body: { filter: ALL, MaxRecords: 500 },
		});
		expect(calls[1].method).toBe('GET');
		expect(calls[1].path).toMatch(/^\/ATServicesRest\/V1\.0\/Tickets\/query/i);
	});

	it('asks for no more than the limit: 30 records cost one request with MaxRecords 30', async () => {
		const result = await autotaskQuery.call(context(), '/V1.0/Tickets/query', { filter: ALL }, 30);
		expect(result.items).toHaveLength(30);
		expect(result.hasMore).toBe(true);
		expect(apiCalls()).toHaveLength(1);
		expect(apiCalls()[0].body).toMatchObject({ MaxRecords: 30 });
	});

	it('a limit of 700 costs ceil(700/500) = 2 requests and says more were left', async () => {
		const result = await autotaskQuery.call(context(), '/V1.0/Tickets/query', { filter: ALL }, 700);
		expect(result.items).toHaveLength(700);
		expect(result.items[699].id).toBeGreaterThan(result.items[0].id as number);
		expect(result).toMatchObject({ pages: 2, hasMore: true });
		expect(apiCalls()).toHaveLength(2);
		// The second page asks for the 200 still needed, after the last ID read (Autotask pages by id).
		expect(apiCalls()[1]).toMatchObject({
			method: 'POST',
			body: {
				filter: [{ op: 'gt', field: 'id', value: result.items[499].id }, ...ALL],
				MaxRecords: 200,
			},
		});
		expect(new Set(result.items.map((t) => t.id)).size).toBe(700);
	});

	it('keeps page links inside the zone: an absolute URL becomes a path under the base', () => {
		expect(
			toZonePath(
				'https://webservices14.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging=x',
			),
		).toBe('/V1.0/Tickets/query/next?paging=x');
		expect(toZonePath('https://evil.example/V1.0/Tickets/query?x=1')).toBe(
			'/V1.0/Tickets/query?x=1',
		);
	});

	it('stops with an error, not silently, when Autotask repeats a page link', async () => {
		const loop = `${sb.baseUrl}V1.0/Contacts/query?paging=same`;
		sb.faults.add({
			path: '/V1.0/Contacts/query',
			action: 'status',
			status: 200,
			body: { items: [{ id: 1 }], pageDetails: { nextPageUrl: loop } },
		});
		const err = await autotaskQuery
			.call(context(), '/V1.0/Contacts/query', { filter: ALL })
			.catch((e) => e);
		expect(err.message).toBe(
			'Autotask returned the same next page twice after 2 records; stopped to avoid reading it forever',
		);
		expect(apiCalls()).toHaveLength(2);
	});

	it('counts with POST …/query/count', async () => {
		expect(await autotaskCount.call(context(), '/V1.0/Tickets/query/count', ALL)).toBe(1200);
	});
});

describe('retries (429 past the hourly threshold, the thread-limit error, lost connections)', () => {
	it('waits out a 429 for its Retry-After, then succeeds', async () => {
		sb.faults.add({
			method: 'GET',
			path: '/V1.0/Version$',
			action: 'rate-limit',
			retryAfter: 1,
			count: 1,
		});
		const started = Date.now();
		const version = await autotaskRequest.call(context(), { method: 'GET', path: '/V1.0/Version' });
		expect(version).toHaveProperty('majorVersion');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(apiCalls().map((j) => j.status)).toEqual([429, 200]);
	});

	it('retries the thread-limit error (Itgenatr005) with backoff', async () => {
		sb.faults.add({ path: '/V1.0/Tickets/query$', action: 'thread-limit', count: 2 });
		const result = await autotaskQuery.call(context(), '/V1.0/Tickets/query', { filter: ALL }, 5);
		expect(result.items).toHaveLength(5);
		expect(apiCalls().map((j) => j.status)).toEqual([500, 500, 200]);
	});

	it('retries a create that Autotask refused with 429: nothing was applied', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/V1.0/Tickets$',
			action: 'rate-limit',
			retryAfter: 0,
			count: 1,
		});
		const before = sb.store.count('Ticket');
		const answer = await autotaskRequest.call(context(), {
			method: 'POST',
			path: '/V1.0/Tickets',
			body: { companyID: 0, title: 'Printer offline', status: 1, priority: 2 },
		});
		expect(answer.itemId).toEqual(expect.any(Number));
		expect(apiCalls().map((j) => `${j.method} ${j.status}`)).toEqual(['POST 429', 'POST 200']);
		expect(sb.store.count('Ticket')).toBe(before + 1);
	});

	it('re-reads after a connection reset on a query', async () => {
		sb.faults.add({ path: '/V1.0/Tickets/query$', action: 'reset', count: 1 });
		const result = await autotaskQuery.call(context(), '/V1.0/Tickets/query', { filter: ALL }, 3);
		expect(result.items).toHaveLength(3);
		expect(apiCalls().length).toBe(2);
	});

	it('never repeats a create whose answer was lost: one record, and the item is told it may exist', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/V1.0/Tickets$',
			action: 'applied-then-dropped',
			count: 1,
		});
		const title = `Dropped answer ${Date.now()}`;
		const err = await autotaskRequest
			.call(context(), {
				method: 'POST',
				path: '/V1.0/Tickets',
				body: { companyID: 0, title, status: 1, priority: 2 },
			})
			.catch((e) => e);
		expect(err.message).toMatch(
			/broke after POST \/V1\.0\/Tickets was sent \(connection reset\); Autotask may have applied it/,
		);
		expect(err.description).toMatch(/not sent again/);
		expect(apiCalls().filter((j) => j.method === 'POST')).toHaveLength(1);
		const found = await autotaskQuery.call(context(), '/V1.0/Tickets/query', {
			filter: [{ op: 'eq', field: 'title', value: title }],
		});
		expect(found.items).toHaveLength(1);
	});

	it('gives up on a 429 whose Retry-After is longer than it will wait, and says when to retry', async () => {
		sb.faults.add({ path: '/V1.0/Companies/query$', action: 'rate-limit', retryAfter: 1800 });
		const err = await autotaskQuery
			.call(context(), '/V1.0/Companies/query', { filter: ALL })
			.catch((e) => e);
		expect(err.message).toMatch(/hourly API request limit .* used up \(429\)/);
		expect(err.description).toMatch(/Try again in about 30 minutes/);
		expect(err.description).toMatch(/Autotask counts \d+ of 10000 requests in the last 60 minutes/);
		expect(err.httpCode).toBe('429');
		expect(apiCalls().filter((j) => /Companies/.test(j.path))).toHaveLength(1);
	});
});

describe('concurrency (Autotask allows 3 threads per API tracking identifier and entity)', () => {
	it('keeps at most 3 requests in flight per credential and entity', async () => {
		sb.settings.latencyMs = 80; // held inside the sandbox's thread slot
		const ctx = context();
		const gets = Array.from({ length: 12 }, (_, i) =>
			autotaskRequest.call(ctx, { method: 'GET', path: `/V1.0/Tickets/${i + 1}` }),
		);
		const answers = await Promise.all(gets).finally(() => (sb.settings.latencyMs = 0));
		expect(answers.every((a) => a.item !== undefined)).toBe(true);
		// The sandbox answers a 4th concurrent request with Itgenatr005; none was needed.
		expect(apiCalls().filter((j) => j.status !== 200)).toEqual([]);
		expect(apiCalls()).toHaveLength(12);
	});
});

describe('errors the user sees (the API answers {"errors": [...]})', () => {
	it("carries Autotask's errors[] text and the status, and does not repeat the write", async () => {
		const err = await autotaskRequest
			.call(context(), {
				method: 'POST',
				path: '/V1.0/Tickets',
				body: { companyID: 987654, title: 'x', status: 1, priority: 2 },
			})
			.catch((e) => e);
		expect(err.constructor.name).toBe('NodeApiError');
		expect(err.message).toMatch(/companyID/);
		expect(err.httpCode).toBe('500');
		expect(apiCalls()).toHaveLength(1);
	});

	it('explains a 405 (wrong verb) and a 404 (wrong route)', async () => {
		const e405 = await autotaskRequest
			.call(context(), { method: 'PATCH', path: '/V1.0/Tickets/5', body: {} })
			.catch((e) => e);
		expect(e405.message).toBe('Autotask does not support PATCH /V1.0/Tickets/5 (405)');
		expect(e405.description).toMatch(/collection URL with the id in the body/);
		const e404 = await autotaskRequest
			.call(context(), { method: 'POST', path: '/V1.0/Tickets/5/TimeEntries', body: {} })
			.catch((e) => e);
		expect(e404.message).toBe(
			'Autotask answered 404 Not Found to POST /V1.0/Tickets/5/TimeEntries',
		);
		expect(e404.description).toMatch(/reached through the parent/);
	});

	it('never puts the secret into an error', async () => {
		sb.faults.add({
			path: '/V1.0/Version$',
			action: 'status',
			status: 500,
			body: { errors: ['Boom'] },
		});
		const err = await autotaskRequest
			.call(context(), { method: 'GET', path: '/V1.0/Version' })
			.catch((e) => e);
		expect(err.message).toBe('Boom');
		const seen = JSON.stringify({
			...err,
			message: err.message,
			description: err.description,
			stack: err.stack,
		});
		expect(seen).not.toContain(sb.credentials.secret);
	});
});

describe('redirects are never followed (issue 14 point 1)', () => {
	let stranger: Recorder;
	beforeAll(async () => {
		stranger = await startRecorder();
	});
	afterAll(async () => stranger.close());
	beforeEach(() => stranger.requests.splice(0));

	it.each([301, 302, 303, 307, 308])(
		'a %d to another host is an error naming the status and the host; nothing reaches that host',
		async (status) => {
			sb.faults.add({
				path: '/V1.0/Version$',
				action: 'redirect',
				status,
				location: `${stranger.origin}/ATServicesRest/V1.0/Version`,
			});
			const err = await autotaskRequest
				.call(context(), { method: 'GET', path: '/V1.0/Version' })
				.catch((e) => e);
			expect(err.message).toBe(
				`Autotask's zone answered ${status}, a redirect to ${stranger.host}; the node does not follow redirects, so nothing was sent there`,
			);
			expect(err.description).toMatch(/Username, Secret and API Tracking Identifier/);
			expect(err.httpCode).toBe(String(status));
			expect(stranger.requests).toEqual([]);
			expect(apiCalls()).toHaveLength(1);
		},
	);

	it('a create answered 307 (which keeps method and body) is not sent to the other host', async () => {
		sb.faults.add({
			method: 'POST',
			path: '/V1.0/Tickets$',
			action: 'redirect',
			status: 307,
			location: `${stranger.origin}/steal`,
		});
		const err = await autotaskRequest
			.call(context(), {
				method: 'POST',
				path: '/V1.0/Tickets',
				body: { companyID: 0, title: 'Redirected', status: 1, priority: 2 },
			})
			.catch((e) => e);
		expect(err.message).toMatch(
			new RegExp(`^Autotask's zone answered 307, a redirect to ${stranger.host};`),
		);
		expect(stranger.requests).toEqual([]);
		expect(apiCalls().map((j) => `${j.method} ${j.status}`)).toEqual(['POST 307']);
	});
});

describe('page links stay under the zone’s /V1.0/ (issue 14 points 3 and 4)', () => {
	let stranger: Recorder;
	beforeAll(async () => {
		stranger = await startRecorder();
	});
	afterAll(async () => stranger.close());
	beforeEach(() => stranger.requests.splice(0));
	/** The first page of a Contacts query answers one record and this next-page link. */
	const firstPageLinks = (nextPageUrl: string) =>
		sb.faults.add({
			method: 'POST',
			path: '/V1.0/Contacts/query$',
			action: 'status',
			status: 200,
			body: { items: [{ id: 1 }], pageDetails: { nextPageUrl } },
		});

	it.each([
		['//{stranger}/steal'],
		['https://x//{stranger}/steal'],
		['https://x/ATServicesRest//{stranger}/steal'],
		['https://x/ATServicesRest/V1.0/../../steal'],
		['ftp://x/ATServicesRest/V1.0/Contacts/query'],
	])('a link like %s is refused with an error; nothing reaches the stranger', async (template) => {
		const link = template.replace('{stranger}', stranger.host);
		firstPageLinks(link);
		const err = await autotaskQuery
			.call(context(), '/V1.0/Contacts/query', { filter: ALL })
			.catch((e) => e);
		expect(err.message).toBe(
			`Autotask's next-page link is not a path under the zone's /V1.0/ ("${link}"); it was not followed`,
		);
		expect(stranger.requests).toEqual([]);
		expect(apiCalls()).toHaveLength(1);
	});

	it.each([
		['{origin}/ATServicesRest/V1.0/Contacts/query?paging=abc'],
		['//{host}/ATServicesRest/V1.0/Contacts/query?paging=abc'],
	])(
		'keeps only the path and query of the link %s, and reads that page from the zone',
		async (template) => {
			firstPageLinks(
				template.replace('{origin}', stranger.origin).replace('{host}', stranger.host),
			);
			sb.faults.add({
				method: 'GET',
				path: '/V1.0/Contacts/query$',
				action: 'status',
				status: 200,
				body: { items: [{ id: 2 }], pageDetails: { nextPageUrl: null } },
				count: 1,
			});
			const result = await autotaskQuery.call(context(), '/V1.0/Contacts/query', { filter: ALL });
			expect(result.items).toEqual([{ id: 1 }, { id: 2 }]);
			expect(stranger.requests).toEqual([]);
			expect(apiCalls()[1]).toMatchObject({
				method: 'GET',
				path: '/ATServicesRest/V1.0/Contacts/query',
				query: { paging: 'abc' },
			});
		},
	);

	it('links to the same page that differ only in host (or case) are the same page: an error after 2 requests, not an endless loop', async () => {
		firstPageLinks('https://a.example/ATServicesRest/V1.0/Contacts/query?paging=same');
		sb.faults.add({
			method: 'GET',
			path: '/V1.0/Contacts/query$',
			action: 'status',
			status: 200,
			body: {
				items: [{ id: 2 }],
				pageDetails: {
					nextPageUrl: 'https://h{{fired}}.example/atservicesrest/v1.0/contacts/query?paging=same',
				},
			},
		});
		const err = await autotaskQuery
			.call(context(), '/V1.0/Contacts/query', { filter: ALL })
			.catch((e) => e);
		expect(err.message).toBe(
			'Autotask returned the same next page twice after 2 records; stopped to avoid reading it forever',
		);
		expect(apiCalls()).toHaveLength(2);
	});

	it('endless empty pages, each linking to another: stops after a bounded number', async () => {
		firstPageLinks(`${sb.baseUrl}V1.0/Contacts/query?paging=0`);
		sb.faults.add({
			method: 'GET',
			path: '/V1.0/Contacts/query$',
			action: 'status',
			status: 200,
			body: {
				items: [],
				pageDetails: { nextPageUrl: `${sb.baseUrl}V1.0/Contacts/query?paging={{fired}}` },
			},
		});
		const err = await autotaskQuery
			.call(context(), '/V1.0/Contacts/query', { filter: ALL })
			.catch((e) => e);
		expect(err.message).toBe(
			`Autotask sent ${transportSettings.maxEmptyPages} empty pages, each with a link to another page, after 1 record; stopped to avoid reading forever`,
		);
		expect(apiCalls()).toHaveLength(1 + transportSettings.maxEmptyPages);
	});
});
