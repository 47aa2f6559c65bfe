/**
 * Autotask PSA REST API v1.0 sandbox on 127.0.0.1: plain node:http, routes from the catalog,
 * auth, limits, faults and journal in front of the handlers.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Admin, handleAdminHttp } from './admin.cjs';
import type { AuthStatuses, Credentials } from './auth.cjs';
import { authenticate, DEFAULT_CREDENTIALS } from './auth.cjs';
import { ApiError } from './errors.cjs';
import { FaultInjector } from './faults.cjs';
import type { ActiveFault } from './faults.cjs';
import type { HandlerContext, ApiResponse } from './handlers.cjs';
import { handleEntityOp, handleSpecial } from './handlers.cjs';
import type { JournalEntry } from './journal.cjs';
import { redactHeaders } from './journal.cjs';
import { Limits } from './limits.cjs';
import { Router } from './router.cjs';
import type { SeedName } from './seeds.cjs';
import { applySeed } from './seeds.cjs';
import { Store } from './store.cjs';
import { WebhookDispatcher } from './webhooks.cjs';

export interface SandboxOptions {
	/** 0 (default) picks a free port */
	port?: number;
	seed?: SeedName;
	/** Base latency added to every API request */
	latencyMs?: number;
	hourlyLimit?: number;
	threadLimit?: number;
	/** Delays added past 50% and 75% of the hourly limit (default 500 and 1000 ms) */
	thresholdDelaysMs?: [number, number];
	/** Reject unknown filter operators instead of dropping them silently */
	strictOperators?: boolean;
	credentials?: Partial<Credentials>;
	badUsernameStatus?: 401 | 500;
	badIntegrationCodeStatus?: 401 | 500;
	notFoundMode?: 'item-null' | '404';
	/** Multiplier for the 30 s retry gap and 10 s timeout of webhook deliveries */
	webhookTimeScale?: number;
	/** The webhook callout timeout in ms, unscaled (default: Autotask's 10 s times webhookTimeScale) */
	webhookTimeoutMs?: number;
	maxWebhooksPerResource?: number;
	zoneName?: string;
}

export interface Sandbox {
	origin: string;
	baseUrl: string;
	credentials: Credentials;
	journal: JournalEntry[];
	faults: FaultInjector;
	admin: Admin;
	store: Store;
	webhooks: WebhookDispatcher;
	limits: Limits;
	settings: {
		latencyMs: number;
		webhookTimeScale: number;
		strictOperators: boolean;
		notFoundMode: 'item-null' | '404';
	};
	close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const store = new Store();
	store.maxWebhooksPerResource = options.maxWebhooksPerResource ?? 50;
	applySeed(store, options.seed ?? 'empty');
	const credentials: Credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
	const statuses: AuthStatuses = {
		badUsernameStatus: options.badUsernameStatus ?? 401,
		badIntegrationCodeStatus: options.badIntegrationCodeStatus ?? 401,
	};
	const settings = {
		latencyMs: options.latencyMs ?? 0,
		webhookTimeScale: options.webhookTimeScale ?? 1,
		strictOperators: options.strictOperators ?? false,
		notFoundMode: options.notFoundMode ?? ('item-null' as const),
	};
	const limits = new Limits({
		hourlyLimit: options.hourlyLimit ?? 10_000,
		threadLimit: options.threadLimit ?? 3,
		thresholdDelaysMs: options.thresholdDelaysMs ?? [500, 1000],
		windowMs: 3_600_000,
	});
	const faults = new FaultInjector();
	const journal: JournalEntry[] = [];
	const webhooks = new WebhookDispatcher(
		store,
		settings.webhookTimeScale,
		options.webhookTimeoutMs,
	);
	const admin = new Admin(store);
	const router = new Router();
	const timers = new Set<NodeJS.Timeout>();
	const sleep = (ms: number) =>
		ms <= 0
			? Promise.resolve()
			: new Promise<void>((resolve) => {
					const t = setTimeout(() => (timers.delete(t), resolve()), ms);
					timers.add(t);
				});

	let origin = '';
	let baseUrl = '';
	const ctx = (): HandlerContext => ({
		store,
		baseUrl,
		strictOperators: settings.strictOperators,
		notFoundMode: settings.notFoundMode,
		zone: { zoneName: options.zoneName ?? 'Sandbox (127.0.0.1)', webUrl: `${origin}/`, ci: 1 },
		thresholds: () => ({ limit: limits.opts.hourlyLimit, used: limits.used() }),
		username: credentials.username,
	});

	const server = createServer((req, res) => void serve(req, res));

	async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const arrived = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		let raw: Buffer;
		try {
			raw = await readBody(req);
		} catch {
			return void res.destroy();
		}
		let body: unknown = undefined;
		let badJson = false;
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				badJson = true;
				body = raw.toString('utf8').slice(0, 2000);
			}
		}
		if (/^\/__sandbox(\/|$)/i.test(url.pathname)) {
			try {
				const r = await handleAdminHttp(
					{ admin, store, faults, journal, webhooks, limits, settings, info },
					method,
					url.pathname,
					url.searchParams,
					body,
				);
				return send(res, r.status, r.body);
			} catch (e) {
				return sendError(res, e);
			}
		}
		const entry: JournalEntry = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: redactHeaders(req.headers),
			body,
			status: 0,
			at: new Date().toISOString(),
		};
		journal.push(entry);
		const result = await process(req, method, url, body, badJson, arrived);
		if (result.kind === 'drop') return void req.socket.destroy();
		if (result.kind === 'hang') return; // the socket stays open until the client gives up or close()
		entry.status = result.res.status;
		sendText(res, result.res.status, result.text ?? bodyText(result.res.body), result.res.headers);
		res.on('close', () => result.release?.());
		if (!res.writable) result.release?.();
	}

	type Outcome =
		| { kind: 'answer'; res: ApiResponse; release?: () => void; text?: string }
		| { kind: 'drop' }
		| { kind: 'hang' };

	async function process(
		req: IncomingMessage,
		method: string,
		url: URL,
		body: unknown,
		badJson: boolean,
		arrived: number,
	): Promise<Outcome> {
		const m = /^\/atservicesrest(\/.*)?$/i.exec(url.pathname);
		const rel = m?.[1] ?? '';
		const fault = faults.pick(method, url.pathname, body);
		let dropAfter = false;
		let statusAfter: ApiResponse | undefined;
		if (fault) {
			const early = await applyFault(fault, req);
			if (early) return early;
			if (fault.action === 'slow') arrived = Date.now(); // the latency comes on top of a slow fault
			dropAfter = fault.action === 'applied-then-dropped';
			// A gateway or server failure after Autotask applied the write: the answer is an error.
			if (fault.action === 'applied-then-status')
				statusAfter = { status: fault.status ?? 502, body: fault.body ?? '' };
		}
		if (!m) return answer(notFoundBody(url));
		const match = router.match(method, rel);
		if (match.kind === 'none') return answer(notFoundBody(url));
		if (match.kind === 'method')
			return answer({
				status: 405,
				body: { Message: `The requested resource does not support http method '${method}'.` },
				headers: { Allow: match.allowed.join(', ') },
			});
		const route = match.match.route;
		const open = route.op === 'zoneInformation' || route.op === 'versionInformation';
		let release: (() => void) | undefined;
		// The latency is the time from the request's arrival to its answer, as a client sees it: the
		// sandbox's own work (the query, the JSON) happens within it, so requests in flight at once overlap
		// as they do on Autotask's servers, as long as that work takes less than the latency. It runs from
		// when the request came in, not from when this one-threaded sandbox got round to it.
		let due = 0;
		let outcome: Outcome;
		try {
			if (!open) {
				const code = authenticate(req.headers, credentials, statuses);
				const delay = limits.admit();
				// Thread buckets are per tracking identifier and entity, the first segment after /V1.0/
				const entity = rel.split('/').filter(Boolean)[1] ?? '';
				release = limits.acquireThread(code, entity);
				due = arrived + settings.latencyMs + delay;
			}
			if (badJson) throw new ApiError(500, ['The request body is not valid JSON.']);
			const c = ctx();
			const apiReq = { method, path: rel, query: url.searchParams, body, headers: req.headers };
			const res =
				route.scope === 'special'
					? handleSpecial(c, match.match, apiReq)
					: handleEntityOp(c, match.match, apiReq);
			outcome = dropAfter
				? { kind: 'drop' }
				: { kind: 'answer', res: statusAfter ?? res, release, text: undefined };
		} catch (e) {
			outcome = dropAfter ? { kind: 'drop' } : { kind: 'answer', res: errorResponse(e), release };
		}
		if (outcome.kind === 'answer') outcome.text = bodyText(outcome.res.body);
		await sleep(due - Date.now());
		if (outcome.kind === 'drop') release?.();
		return outcome;
	}

	async function applyFault(f: ActiveFault, req: IncomingMessage): Promise<Outcome | null> {
		switch (f.action) {
			case 'status': {
				const body =
					f.body === undefined
						? { errors: ['Injected fault'] }
						: JSON.parse(JSON.stringify(f.body).split('{{fired}}').join(String(f.fired)));
				return answer({ status: f.status ?? 500, body });
			}
			case 'redirect':
				return answer({
					status: f.status ?? 302,
					body: '',
					headers: { Location: f.location ?? '/' },
				});
			case 'echo':
				// A proxy or test server that repeats the request, credential headers included
				return answer({
					status: f.status ?? 200,
					body: { headers: { ...req.headers }, url: req.url ?? '' },
				});
			case 'rate-limit':
				return answer({
					status: 429,
					body: f.body ?? { errors: ['Request threshold exceeded (injected).'] },
					headers: f.retryAfter === null ? {} : { 'Retry-After': String(f.retryAfter ?? 1) },
				});
			case 'thread-limit':
				return answer({
					status: 500,
					body: {
						errors: [
							`Itgenatr005 Thread Threshold Exceeded — The Autotask API thread threshold of ${limits.opts.threadLimit} threads has been exceeded.`,
						],
					},
				});
			case 'reset':
				return { kind: 'drop' };
			case 'hang':
				return { kind: 'hang' };
			case 'slow':
				await sleep(f.delayMs ?? 1000);
				return null;
			default:
				return null;
		}
	}

	function info(): Record<string, unknown> {
		return {
			origin,
			baseUrl,
			username: credentials.username,
			integrationCode: credentials.integrationCode,
			secret: credentials.secret,
		};
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	origin = `http://127.0.0.1:${port}`;
	baseUrl = `${origin}/ATServicesRest/`;

	const sandbox: Sandbox = {
		origin,
		baseUrl,
		credentials,
		journal,
		faults,
		admin,
		store,
		webhooks,
		limits,
		settings,
		close: async () => {
			webhooks.close();
			for (const t of timers) clearTimeout(t);
			timers.clear();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
	return sandbox;
}

function answer(res: ApiResponse): Outcome2 {
	return { kind: 'answer', res };
}
type Outcome2 = { kind: 'answer'; res: ApiResponse };

function notFoundBody(url: URL): ApiResponse {
	// ASP.NET Web API's unknown-route answer
	return {
		status: 404,
		body: { Message: `No HTTP resource was found that matches the request URI '${url.pathname}'.` },
	};
}

function errorResponse(e: unknown): ApiResponse {
	if (e instanceof ApiError)
		return {
			status: e.status,
			body: e.rawBody !== undefined ? e.rawBody : { errors: e.errors },
			headers: e.headers,
		};
	return { status: 500, body: { errors: [(e as Error).message ?? 'Internal error'] } };
}

function sendError(res: ServerResponse, e: unknown): void {
	const r = errorResponse(e);
	send(res, r.status, r.body, r.headers);
}

function bodyText(body: unknown): string {
	return body === '' || body === undefined ? '' : JSON.stringify(body);
}

function send(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	sendText(res, status, bodyText(body), headers);
}

function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	headers: Record<string, string> = {},
): void {
	const h: Record<string, string | number> = {
		...headers,
		'Content-Length': Buffer.byteLength(text),
	};
	if (text) h['Content-Type'] = 'application/json; charset=utf-8';
	res.writeHead(status, h);
	res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) reject(new Error('body too large'));
			else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
