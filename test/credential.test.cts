/** The AutotaskApi credential: zone resolution, headers and the credential test, against the sandbox. */
import { createServer } from 'node:net';

import { AutotaskApi } from '../credentials/AutotaskApi.credentials';
import { autotaskRequest } from '../nodes/Autotask/transport';
import { zoneAnswerProblem } from '../nodes/Autotask/transport/url-policy';
import { fixedBaseUrl, normalizeBaseUrl } from '../nodes/Autotask/transport/zones';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { createExecuteContext, makeCredentials, testCredential } from './helpers/n8n-context.cjs';
import { startRecorder, type Recorder } from './helpers/recorder.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.journal.splice(0);
	sb.faults.clear();
});

const zoneLookups = () => sb.journal.filter((j) => /zoneinformation/i.test(j.path));
const authed = () => sb.journal.filter((j) => !/zoneinformation|versioninformation/i.test(j.path));

function autoDetect(extra = {}) {
	return makeCredentials({
		username: sb.credentials.username,
		secret: sb.credentials.secret,
		integrationCode: sb.credentials.integrationCode,
		zone: 'auto',
		zoneLookupUrl: sb.baseUrl,
		...extra,
	});
}

async function closedPort(): Promise<number> {
	const srv = createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
	const port = (srv.address() as { port: number }).port;
	await new Promise<void>((r) => srv.close(() => r()));
	return port;
}

describe('zone auto-detection', () => {
	it('looks the zone up once, stores it, and reuses it for every later request', async () => {
		const creds = autoDetect();
		const ctx = createExecuteContext({ credentials: creds });
		for (let i = 0; i < 3; i++)
			await autotaskRequest.call(ctx, { method: 'GET', path: '/V1.0/Version' });
		const ctx2 = createExecuteContext({ credentials: creds }); // a later execution
		await autotaskRequest.call(ctx2, { method: 'GET', path: '/V1.0/ThresholdInformation' });

		expect(zoneLookups()).toHaveLength(1);
		expect(zoneLookups()[0].query).toMatchObject({ user: sb.credentials.username });
		expect(zoneLookups()[0].headers).not.toHaveProperty('secret');
		expect(creds.data.zoneUrl).toBe(sb.baseUrl);
		expect(creds.saves).toBe(1);
		expect(authed().map((j) => j.path)).toEqual([
			'/ATServicesRest/V1.0/Version',
			'/ATServicesRest/V1.0/Version',
			'/ATServicesRest/V1.0/Version',
			'/ATServicesRest/V1.0/ThresholdInformation',
		]);
	});

	it('sends the three Autotask headers on every request', async () => {
		const ctx = createExecuteContext({ credentials: autoDetect() });
		await autotaskRequest.call(ctx, { method: 'GET', path: '/V1.0/Version' });
		const h = authed()[0].headers;
		expect(h.apiintegrationcode).toBe(sb.credentials.integrationCode);
		expect(h.username).toBe(sb.credentials.username);
		expect(JSON.stringify(sb.journal)).not.toContain(sb.credentials.secret);
	});

	it('names an unknown username in its own message and sends nothing else', async () => {
		const ctx = createExecuteContext({
			credentials: autoDetect({ username: 'nobody@example.com' }),
		});
		await expect(
			autotaskRequest.call(ctx, { method: 'GET', path: '/V1.0/Version' }),
		).rejects.toThrow(/zone lookup does not know the API username "nobody@example.com"/);
		expect(authed()).toHaveLength(0);
	});
});

describe('fixed zone and Custom URL', () => {
	it('computes the URL of a named zone without any lookup', () => {
		expect(fixedBaseUrl({ zone: 'webservices14.autotask.net' })).toEqual({
			url: 'https://webservices14.autotask.net/ATServicesRest/',
		});
		expect(fixedBaseUrl({ zone: 'auto' })).toEqual({});
	});

	it('normalises Custom URLs and rejects one without a scheme', () => {
		expect(normalizeBaseUrl('https://webservices14.autotask.net').url).toBe(
			'https://webservices14.autotask.net/ATServicesRest/',
		);
		expect(normalizeBaseUrl('http://127.0.0.1:9/ATServicesRest/v1.0/').url).toBe(
			'http://127.0.0.1:9/ATServicesRest/',
		);
		expect(
			fixedBaseUrl({ zone: 'custom', customUrl: 'webservices14.autotask.net' }).problem,
		).toMatch(/no http:\/\/ or https:\/\/ scheme/);
	});

	it('sends requests to the Custom URL and never asks for the zone', async () => {
		const creds = makeCredentials({
			...sb.credentials,
			zone: 'custom',
			customUrl: sb.origin + '/ATServicesRest',
		});
		const ctx = createExecuteContext({ credentials: creds });
		const version = await autotaskRequest.call(ctx, { method: 'GET', path: '/V1.0/Version' });
		expect(version).toHaveProperty('majorVersion');
		expect(zoneLookups()).toHaveLength(0);
		expect(authed()).toHaveLength(1);
	});

	it('keeps absolute URLs as given, so the credential works in the HTTP Request node', async () => {
		const out = await new AutotaskApi().authenticate(
			{ ...sb.credentials, zone: 'webservices14.autotask.net' },
			{
				url: 'https://example.test/ATServicesRest/V1.0/Version',
				headers: { Accept: 'application/json' },
			},
		);
		expect(out.baseURL).toBeUndefined();
		expect(out.headers).toEqual({
			Accept: 'application/json',
			ApiIntegrationCode: sb.credentials.integrationCode,
			UserName: sb.credentials.username,
			Secret: sb.credentials.secret,
		});
	});
});

describe('credential test', () => {
	it('passes with the sandbox credentials and makes one authenticated call', async () => {
		const result = await testCredential(autoDetect());
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(authed().map((j) => `${j.method} ${j.path}`)).toEqual([
			'GET /ATServicesRest/V1.0/ThresholdInformation',
		]);
	});

	it('explains a 401: which parts to check and which zone setting was used', async () => {
		const result = await testCredential(autoDetect({ secret: 'not-the-secret-7Q' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused these credentials \(401\)/);
		expect(result.message).toMatch(/Username, the Secret and the API Tracking Identifier/);
		expect(result.message).toMatch(/Auto-Detect/);
		expect(result.message).not.toContain('not-the-secret-7Q');
	});

	it('gives an unknown username its own message', async () => {
		const result = await testCredential(autoDetect({ username: 'nobody@example.com' }));
		expect(result.message).toMatch(/does not know the API username "nobody@example.com"/);
	});

	it('gives an unreachable zone its own message', async () => {
		const port = await closedPort();
		const result = await testCredential(
			makeCredentials({
				...sb.credentials,
				zone: 'custom',
				customUrl: `http://127.0.0.1:${port}/ATServicesRest/`,
			}),
		);
		expect(result.message).toMatch(
			new RegExp(
				`Could not reach the Autotask zone Custom URL at http://127.0.0.1:${port}/ATServicesRest/ \\(connection refused\\)`,
			),
		);
	});

	it('gives an unreachable zone lookup its own message', async () => {
		const port = await closedPort();
		const result = await testCredential(
			autoDetect({ zoneLookupUrl: `http://127.0.0.1:${port}/ATServicesRest/` }),
		);
		expect(result.message).toMatch(/Could not reach Autotask's zone lookup .*connection refused/);
	});

	it('reports a Custom URL without a scheme before sending anything', async () => {
		const result = await testCredential(
			makeCredentials({
				...sb.credentials,
				zone: 'custom',
				customUrl: 'webservices14.autotask.net',
			}),
		);
		expect(result.message).toMatch(
			/Custom URL "webservices14.autotask.net" has no http:\/\/ or https:\/\/ scheme/,
		);
		expect(sb.journal).toHaveLength(0);
	});
});

describe('401 during a workflow run', () => {
	it('re-detects the zone once, then names the zone used and what to check', async () => {
		const creds = autoDetect({ secret: 'not-the-secret-7Q' });
		const ctx = createExecuteContext({ credentials: creds });
		const err = await autotaskRequest
			.call(ctx, { method: 'GET', path: '/V1.0/Version' })
			.catch((e) => e);
		expect(err.message).toBe('Autotask refused the credentials (401)');
		expect(err.description).toContain(`(${sb.baseUrl}, auto-detected from the username)`);
		expect(err.description).toMatch(
			/Check the Username, the Secret and the API Tracking Identifier/,
		);
		expect(JSON.stringify(err)).not.toContain('not-the-secret-7Q');
		// n8n refreshes the credential once after a 401 (a second lookup), then gives up: no loop.
		expect(zoneLookups()).toHaveLength(2);
		expect(authed()).toHaveLength(2);
	});
});

describe('redirects are never followed (issue 14 point 1)', () => {
	let stranger: Recorder;
	beforeAll(async () => {
		stranger = await startRecorder();
	});
	afterAll(async () => stranger.close());
	beforeEach(() => stranger.requests.splice(0));
	const custom = () =>
		makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });

	it('the credential test: a redirect of the check request is reported with its status, and nothing reaches the other host', async () => {
		sb.faults.add({
			path: '/V1.0/ThresholdInformation$',
			action: 'redirect',
			status: 302,
			location: `${stranger.origin}/ATServicesRest/V1.0/ThresholdInformation`,
		});
		const result = await testCredential(custom());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^The zone answered 302, a redirect, to the credential check\. The node never follows redirects/,
		);
		expect(stranger.requests).toEqual([]);
	});

	it('the zone check before the credential test: a redirect names the status and the host', async () => {
		sb.faults.add({
			path: '/VersionInformation$',
			action: 'redirect',
			status: 301,
			location: `${stranger.origin}/ATServicesRest/VersionInformation`,
		});
		const result = await testCredential(custom());
		expect(result.message).toBe(
			`The Autotask zone Custom URL at ${sb.baseUrl} answered 301, a redirect to ${stranger.host}. Redirects are never followed, so the credentials go only to the URL you entered: enter the address the zone redirects to if you trust it.`,
		);
		expect(stranger.requests).toEqual([]);
		expect(authed()).toHaveLength(0);
	});

	it('the zone lookup: a redirect names the status and the host, and the username goes nowhere else', async () => {
		sb.faults.add({
			path: '/zoneInformation$',
			action: 'redirect',
			status: 307,
			location: `${stranger.origin}/ATServicesRest/V1.0/zoneInformation?user=x`,
		});
		const result = await testCredential(autoDetect());
		expect(result.message).toBe(
			`Autotask's zone lookup at ${sb.baseUrl} answered 307, a redirect to ${stranger.host}. Redirects are never followed: check the Zone Lookup URL, or choose the Zone by hand.`,
		);
		expect(stranger.requests).toEqual([]);
		expect(authed()).toHaveLength(0);
	});

	it('every request made with the credential refuses to follow redirects, also in the HTTP Request node', async () => {
		const out = await new AutotaskApi().authenticate(
			{ ...sb.credentials, zone: 'webservices14.autotask.net' },
			{ url: 'https://webservices14.autotask.net/ATServicesRest/V1.0/Version' },
		);
		expect(out.disableFollowRedirect).toBe(true);
	});
});

describe('URL length and cost (issue 14 point 5)', () => {
	const slashes = `https://webservices14.autotask.net${'/'.repeat(40_000)}x`;

	it('a URL of 40,000 slashes is refused at once, without blocking the event loop', () => {
		const started = performance.now();
		expect(normalizeBaseUrl(slashes)).toEqual({ problem: 'is longer than 2048 characters' });
		expect(fixedBaseUrl({ zone: 'custom', customUrl: slashes }).problem).toMatch(
			/^The Custom URL is longer than 2048 characters\./,
		);
		expect(performance.now() - started).toBeLessThan(100);
	});

	it('the credential test with such a Custom URL answers at once and sends nothing', async () => {
		const started = performance.now();
		const result = await testCredential(
			makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: slashes }),
		);
		expect(result.message).toMatch(/^The Custom URL is longer than 2048 characters\./);
		expect(performance.now() - started).toBeLessThan(200);
		expect(sb.journal).toHaveLength(0);
	});

	it('trailing slashes within the limit are still trimmed, in linear time', () => {
		const many = `https://webservices14.autotask.net/ATServicesRest${'/'.repeat(1_900)}`;
		expect(normalizeBaseUrl(many).url).toBe('https://webservices14.autotask.net/ATServicesRest/');
		const started = performance.now();
		for (let i = 0; i < 200; i++)
			normalizeBaseUrl(`https://webservices14.autotask.net${'/'.repeat(1_900)}x`);
		expect(performance.now() - started).toBeLessThan(200);
	});
});

describe('https on Autotask hosts only; http only on this machine (issue 14 point 2)', () => {
	let stranger: Recorder;
	beforeAll(async () => {
		stranger = await startRecorder();
	});
	afterAll(async () => stranger.close());
	beforeEach(() => stranger.requests.splice(0));
	const lookupAnswers = (url: string) =>
		sb.faults.add({
			path: '/zoneInformation$',
			action: 'status',
			status: 200,
			body: { zoneName: 'Elsewhere', url, webUrl: 'https://ww14.autotask.net/', ci: 1 },
		});

	it.each([
		['http://webservices14.autotask.net/ATServicesRest/', 'is not an https:// URL'],
		[
			'https://evil.invalid/ATServicesRest/',
			'is not on an Autotask API host (webservicesN.autotask.net)',
		],
		[
			'https://webservices14.autotask.net.evil.invalid/ATServicesRest/',
			'is not on an Autotask API host (webservicesN.autotask.net)',
		],
		[
			'https://user:pw@webservices14.autotask.net/ATServicesRest/',
			'contains a user name or password',
		],
	])('Auto-Detect refuses the lookup answer %s, says why, and stores nothing', async (url, why) => {
		lookupAnswers(url);
		const creds = autoDetect();
		const result = await testCredential(creds);
		expect(result.message).toBe(
			`Autotask's zone lookup at ${sb.baseUrl} answered a zone URL that was not used: "${url}" ${why}. Auto-Detect accepts only https:// URLs on Autotask's hosts. To go through a proxy, choose Zone = Custom URL.`,
		);
		expect(creds.saves).toBe(0);
		expect(authed()).toHaveLength(0);
		expect(sb.journal.filter((j) => /versioninformation/i.test(j.path))).toHaveLength(0);
	});

	it('a lookup on this machine may answer a zone on this machine (the sandbox); a lookup elsewhere may not', () => {
		expect(zoneAnswerProblem(stranger.origin + '/ATServicesRest/', sb.baseUrl)).toBeUndefined();
		expect(
			zoneAnswerProblem('https://webservices14.autotask.net/ATServicesRest/', sb.baseUrl),
		).toBeUndefined();
		expect(
			zoneAnswerProblem(
				stranger.origin + '/ATServicesRest/',
				'https://webservices.autotask.net/ATServicesRest/',
			),
		).toBe(`"${stranger.origin}/ATServicesRest/" is not an https:// URL`);
		expect(
			zoneAnswerProblem(
				'https://localhost/ATServicesRest/',
				'https://webservices.autotask.net/ATServicesRest/',
			),
		).toMatch(/is not on an Autotask API host/);
		expect(
			zoneAnswerProblem(
				'https://webservices14.autotask.net:8443/ATServicesRest/',
				'https://webservices.autotask.net/ATServicesRest/',
			),
		).toMatch(/is not on an Autotask API host/);
	});

	it('a zone URL stored from a bad lookup answer (an older release) is refused on every request; nothing reaches it', async () => {
		const creds = autoDetect({
			zoneLookupUrl: 'https://webservices.autotask.net/ATServicesRest/',
			zoneUrl: `${stranger.origin}/ATServicesRest/`,
		});
		const err = await autotaskRequest
			.call(createExecuteContext({ credentials: creds }), { method: 'GET', path: '/V1.0/Version' })
			.catch((e) => e);
		expect(err.message).toBe(
			`The zone URL stored on the Autotask API credential was not used: "${stranger.origin}/ATServicesRest/" is not an https:// URL. Test the credential (or save it again) so that Auto-Detect asks Autotask again.`,
		);
		expect(stranger.requests).toEqual([]);
	});

	it('a Custom URL with http:// to another machine is refused before anything is sent, unless Allow Insecure HTTP is on', async () => {
		const customUrl = 'http://evil.invalid/ATServicesRest/';
		const refused = await testCredential(
			makeCredentials({ ...sb.credentials, zone: 'custom', customUrl }),
		);
		expect(refused.message).toBe(
			'The Custom URL uses plain http:// to evil.invalid, which would send the Username, Secret and API Tracking Identifier unencrypted. Use https://, or switch on Allow Insecure HTTP if this is a test server on a network you trust.',
		);
		const allowed = await testCredential(
			makeCredentials({ ...sb.credentials, zone: 'custom', customUrl, allowInsecureHttp: true }),
		);
		expect(allowed.message).toMatch(
			/^Could not reach the Autotask zone Custom URL at http:\/\/evil\.invalid\/ATServicesRest\/ \(host not found\)/,
		);
	});

	it('a Zone Lookup URL with http:// to another machine is refused the same way', async () => {
		const zoneLookupUrl = 'http://evil.invalid/ATServicesRest/';
		const refused = await testCredential(autoDetect({ zoneLookupUrl }));
		expect(refused.message).toMatch(
			/^The Zone Lookup URL uses plain http:\/\/ to evil\.invalid, which would send/,
		);
		const allowed = await testCredential(autoDetect({ zoneLookupUrl, allowInsecureHttp: true }));
		expect(allowed.message).toMatch(
			/^Could not reach Autotask's zone lookup at http:\/\/evil\.invalid\/ATServicesRest\/ \(host not found\)/,
		);
	});

	it('the credential explains what Allow Insecure HTTP risks', () => {
		const option = new AutotaskApi().properties.find((p) => p.name === 'allowInsecureHttp')!;
		expect(option).toMatchObject({
			displayName: 'Allow Insecure HTTP',
			type: 'boolean',
			default: false,
		});
		expect(option.description).toMatch(/read the Username, Secret and API Tracking Identifier/);
	});
});
