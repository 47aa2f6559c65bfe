import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { acquireSlot, closeGate, hourlyGate, notSentForLimit, openGate, passGate } from './limiter';
import { failureFrom, isThreadLimit, toNodeError, type FailureInfo } from './errors';
import { pageKey, pageLinkPath } from './page-links';
import { printable } from './safe-text';
import { noteRefusal } from '../helpers/metadata-cache';
import { countRequest } from './request-budget';

export const CREDENTIAL_TYPE = 'autotaskApi';

export type AutotaskContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| IPollFunctions;

/** Retry and paging settings; tests shorten the delays. */
export const transportSettings = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	/** Longest Retry-After the node waits out on its own; past it the user gets the wait time instead. */
	maxRetryAfterMs: 120_000,
	/** "Wait Until It Resets": the longest the node waits in total for the hourly limit before it stops anyway. */
	maxHourlyWaitMs: 65 * 60_000,
	/** "Wait Until It Resets", when a 429 gives no Retry-After: how long to wait before asking again. */
	hourlyWaitWithoutRetryAfterMs: 5 * 60_000,
	/** Long waits are slept in slices of this size, so a cancelled execution stops waiting. */
	waitSliceMs: 5_000,
	/** A read answered 500 (not a validation message) is tried again at most this many times. */
	serverErrorRetries: 2,
	/** A request refused with the thread-limit error (Itgenatr005) is tried again at most this many times. */
	threadLimitRetries: 7,
	pageSize: 500,
	/** Following page links stops with an error after this many pages that held no record (issue 14 point 4). */
	maxEmptyPages: 5,
	/** A request with no answer after this long is given up (and, for a write, reported as maybe applied). */
	timeoutMs: 120_000,
};

/**
 * What to do when Autotask's hourly request limit is used up (429): wait a Retry-After of up to
 * maxRetryAfterMs and otherwise stop (the default), wait until the limit resets, or stop at once.
 */
export type HourlyLimitPolicy = 'waitBriefly' | 'waitUntilReset' | 'stop';

/** The Autotask node's parameter that sets the policy (nodes/Autotask/actions/request-options.ts). */
export const HOURLY_LIMIT_PARAMETER = 'onHourlyLimit';

export interface AutotaskRequest {
	method: IHttpRequestMethods;
	/** A path under the zone's base URL (e.g. /V1.0/Tickets/query), or an absolute nextPageUrl */
	path: string;
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	headers?: IDataObject;
	/**
	 * Whether repeating the request is harmless. Defaults to true for GET and for POST …/query and
	 * …/query/count; every other write is sent once unless Autotask refused it before doing anything.
	 */
	idempotent?: boolean;
	/** Binary download: answer as a Buffer */
	binary?: boolean;
	/** Overrides the node's On Hourly Limit setting for this request */
	onHourlyLimit?: HourlyLimitPolicy;
}

/** Network failures that happen before a request reaches Autotask: safe to repeat, even for writes. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/**
 * The path a request goes to under the zone. A relative path keeps one leading slash (a second one would
 * make it a protocol-relative URL for another host); anything with a scheme or starting "//" is read as a
 * page link, of which only the path and query under /V1.0/ are kept. Undefined when nothing is left.
 */
export function toZonePath(pathOrUrl: string): string | undefined {
	if (/^[a-z][a-z\d+.-]*:/i.test(pathOrUrl) || /^[\\/]{2}/.test(pathOrUrl))
		return pageLinkPath(pathOrUrl);
	return '/' + pathOrUrl.replace(/^\/+/, '');
}

/** The entity part of a path: Autotask's thread limit counts per tracking identifier and entity. */
export function entityOfPath(path: string): string {
	const m = /\/v1\.0\/([^/?]+)/i.exec(path);
	return (m?.[1] ?? 'root').toLowerCase();
}

function isIdempotent(req: AutotaskRequest, path: string): boolean {
	if (req.idempotent !== undefined) return req.idempotent;
	if (req.method === 'GET') return true;
	return req.method === 'POST' && /\/query(\/count)?(\?|$)/i.test(path);
}

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const seconds = Number(raw);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(raw));
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function backoff(attempt: number): number {
	const exp = transportSettings.baseDelayMs * 2 ** (attempt - 1);
	return Math.min(transportSettings.maxDelayMs, exp / 2 + Math.random() * (exp / 2));
}

const credentialKeys = new WeakMap<object, string>();

async function limiterKey(ctx: AutotaskContext, path: string): Promise<string> {
	let key = credentialKeys.get(ctx);
	if (!key) {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		key = `${String(credentials.integrationCode ?? '')}|${String(credentials.username ?? '')}`;
		credentialKeys.set(ctx, key);
	}
	return `${key}|${entityOfPath(path)}`;
}

/** The node's On Hourly Limit setting; read only when a 429 arrives. Other nodes use the default. */
function hourlyLimitPolicy(ctx: AutotaskContext, request: AutotaskRequest): HourlyLimitPolicy {
	if (request.onHourlyLimit) return request.onHourlyLimit;
	const exec = ctx as Partial<IExecuteFunctions>;
	if (typeof exec.getInputData !== 'function' || typeof exec.continueOnFail !== 'function')
		return 'waitBriefly';
	try {
		const value = exec.getNodeParameter!(HOURLY_LIMIT_PARAMETER, 0, 'waitBriefly') as string;
		return value === 'waitUntilReset' || value === 'stop' ? value : 'waitBriefly';
	} catch {
		return 'waitBriefly';
	}
}

function cancelled(ctx: AutotaskContext): boolean {
	const exec = ctx as Partial<IExecuteFunctions>;
	return (
		typeof exec.getExecutionCancelSignal === 'function' &&
		exec.getExecutionCancelSignal()?.aborted === true
	);
}

/** Sleeps in slices so a cancelled execution stops waiting; false when it was cancelled. */
async function wait(ctx: AutotaskContext, ms: number): Promise<boolean> {
	let left = ms;
	while (left > 0) {
		if (cancelled(ctx)) return false;
		const slice = Math.min(left, transportSettings.waitSliceMs);
		await sleep(slice);
		left -= slice;
	}
	return !cancelled(ctx);
}

/** Where a request stands in its retries. */
interface RetryState {
	idempotent: boolean;
	attempt: number;
	policy: HourlyLimitPolicy;
	/** Milliseconds already waited for the hourly limit */
	limitWaitedMs: number;
	serverErrors: number;
	threadLimits: number;
}

type Step =
	| { retry: true; waitMs: number; forHourlyLimit?: boolean }
	| { retry: false; limitNote?: string };

/**
 * The one place that talks HTTP to Autotask. Sends through the credential (headers and zone), keeps at
 * most 3 requests in flight per credential and entity, retries what is safe to retry, and turns
 * Autotask's answers into NodeApiErrors that carry its errors[] text. The hourly limit is met once per
 * execution: one request waits for it while the others wait for that one, and once the node stops for
 * it, the requests still to come are not sent (issue 14 point 12).
 */
export async function autotaskRequest(
	this: AutotaskContext,
	request: AutotaskRequest,
): Promise<IDataObject> {
	const path = toZonePath(request.path);
	if (path === undefined) {
		throw await toNodeError(
			this,
			{
				message: `The request path is not a path under the zone's /V1.0/ ("${printable(request.path)}"); it was not sent`,
			},
			{ method: request.method, path: '/', idempotent: false },
		);
	}
	const idempotent = isIdempotent(request, path);
	const options = httpOptions(request, path);
	const key = await limiterKey(this, path);
	const state: RetryState = {
		idempotent,
		attempt: 0,
		policy: 'waitBriefly',
		limitWaitedMs: 0,
		serverErrors: 0,
		threadLimits: 0,
	};
	const gate = hourlyGate(this);
	let leading = false; // this request leads the execution's wait for the hourly limit
	let policyRead = false;
	try {
		for (;;) {
			if (!leading) await passGate(gate);
			if (gate.stopped && !leading) throw notSentForLimit(this.getNode(), gate);
			state.attempt++;
			const sent = await send(this, key, options);
			if ('answer' in sent) return sent.answer;
			const failure = sent.failure;
			if (failure.status === 429 && !leading && (gate.closed || gate.stopped)) {
				state.attempt--; // sent before the limit was known: wait with the others, or stop with them
				continue;
			}
			if (leading && failure.status !== 429) {
				leading = false;
				openGate(gate);
			}
			if (failure.status === 429 && !policyRead) {
				state.policy = hourlyLimitPolicy(this, request);
				policyRead = true;
			}
			state.limitWaitedMs = gate.waitedMs;
			const step = nextStep(failure, state);
			const line = {
				method: request.method,
				path,
				idempotent,
				attempts: state.attempt,
				limitNote: step.retry ? undefined : step.limitNote,
			};
			if (!step.retry) {
				await noteRefusal(this, failure.errors); // an unknown field or picklist value: metadata is read again
				if (failure.status === 429)
					gate.stopped = { headers: failure.headers, note: line.limitNote };
				throw await toNodeError(this, failure, line);
			}
			if (failure.status === 429 && !leading) closeGate(gate);
			leading ||= failure.status === 429;
			if (step.forHourlyLimit) gate.waitedMs += step.waitMs;
			if (step.forHourlyLimit)
				this.logger?.info(
					`Autotask: hourly API request limit reached; waiting ${Math.ceil(step.waitMs / 1000)} s before ${request.method} ${path.split('?')[0]} again`,
				);
			if (!(await wait(this, step.waitMs))) {
				line.limitNote = 'The execution was cancelled while waiting.';
				if (leading) gate.stopped = { headers: failure.headers, note: line.limitNote };
				throw await toNodeError(this, failure, line);
			}
		}
	} finally {
		if (leading) openGate(gate);
	}
}

function httpOptions(request: AutotaskRequest, path: string): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: path,
		json: !request.binary,
		timeout: transportSettings.timeoutMs,
		headers: { Accept: 'application/json', ...(request.headers ?? {}) },
		// A redirect would carry the credential headers to wherever it points: it becomes an error instead.
		disableFollowRedirect: true,
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
	if (request.binary) options.encoding = 'arraybuffer';
	return options;
}

/** Sends once, within the thread limit: Autotask's answer, or what went wrong. */
async function send(
	ctx: AutotaskContext,
	key: string,
	options: IHttpRequestOptions,
): Promise<{ answer: IDataObject } | { failure: FailureInfo }> {
	const release = await acquireSlot(key);
	countRequest(ctx, String(options.url)); // the execution's budget, per entity (issue 18)
	try {
		const answer = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
		)) as IDataObject;
		const errors = answer?.errors;
		// Autotask can answer 200 with errors[] and nothing else (FACTS.md §4).
		if (Array.isArray(errors) && errors.length && !hasPayload(answer))
			return { failure: { status: 200, errors: errors.map(String) } };
		return { answer };
	} catch (error) {
		return { failure: failureFrom(error) };
	} finally {
		release();
	}
}

function hasPayload(body: IDataObject): boolean {
	return ['item', 'items', 'itemId', 'queryCount'].some((k) => k in body);
}

/** Autotask's 500s that say the request itself is wrong: asking again gives the same answer. */
const VALIDATION_500 =
	/unable to find|maxCountOfRecordsToReturn|invalid query|cannot be queried|not queryable|is not valid|does not exist|required|read-only|picklist|exceeds the maximum/i;

function duration(ms: number): string {
	if (ms < 60_000) {
		const seconds = Math.round(ms / 1000);
		return `${seconds} second${seconds === 1 ? '' : 's'}`;
	}
	const minutes = Math.round(ms / 60_000);
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Whether to try again, after how long; or why not. */
function nextStep(failure: FailureInfo, s: RetryState): Step {
	// 429: the hourly limit. Autotask refused before doing anything, so repeating is harmless even for a create.
	if (failure.status === 429) return hourlyLimitStep(failure, s);
	// Itgenatr005: Autotask refused before doing anything; other callers hold the threads, so back off.
	if (isThreadLimit(failure)) {
		if (s.threadLimits >= transportSettings.threadLimitRetries) return { retry: false };
		s.threadLimits++;
		return { retry: true, waitMs: backoff(s.threadLimits) };
	}
	const more = s.attempt < transportSettings.maxAttempts;
	// Never reached Autotask: safe to repeat, even for writes.
	if (failure.code && NOT_SENT_CODES.has(failure.code))
		return more ? { retry: true, waitMs: backoff(s.attempt) } : { retry: false };
	if (!s.idempotent || !more) return { retry: false };
	// Reads: also ride out dropped connections, timeouts, overloaded gateways and a passing server error.
	if (failure.code) return { retry: true, waitMs: backoff(s.attempt) };
	if (failure.status && [502, 503, 504].includes(failure.status))
		return { retry: true, waitMs: backoff(s.attempt) };
	if (failure.status === 500 && !VALIDATION_500.test((failure.errors ?? []).join(' '))) {
		if (s.serverErrors >= transportSettings.serverErrorRetries) return { retry: false };
		s.serverErrors++;
		return { retry: true, waitMs: backoff(s.attempt) };
	}
	return { retry: false };
}

function hourlyLimitStep(failure: FailureInfo, s: RetryState): Step {
	const after = retryAfterMs(failure.headers);
	if (s.policy === 'stop') return { retry: false, limitNote: 'On Hourly Limit is set to stop.' };
	if (s.policy === 'waitUntilReset') {
		const waitMs = Math.max(
			after ?? transportSettings.hourlyWaitWithoutRetryAfterMs,
			transportSettings.baseDelayMs,
		);
		if (s.limitWaitedMs + waitMs > transportSettings.maxHourlyWaitMs) {
			const most = duration(transportSettings.maxHourlyWaitMs);
			return {
				retry: false,
				limitNote: s.limitWaitedMs
					? `The node already waited ${duration(s.limitWaitedMs)} and waits at most ${most} in all.`
					: `That is longer than the ${most} the node waits at most.`,
			};
		}
		return { retry: true, waitMs, forHourlyLimit: true };
	}
	// waitBriefly: a short Retry-After is waited out; a long one goes to the user with the time to retry.
	if (s.attempt >= transportSettings.maxAttempts) return { retry: false };
	if (after !== undefined && after > transportSettings.maxRetryAfterMs) return { retry: false };
	return {
		retry: true,
		waitMs: Math.max(after ?? 0, backoff(s.attempt)),
		forHourlyLimit: after !== undefined && after > 0,
	};
}

export interface QueryBody extends IDataObject {
	filter: IDataObject[];
	MaxRecords?: number;
	IncludeFields?: string[];
}

export interface QueryResult {
	items: IDataObject[];
	/** Requests made (pages read) */
	pages: number;
	/** True when the limit stopped reading while Autotask had more */
	hasMore: boolean;
}

/**
 * Follows pageDetails.nextPageUrl from a first answer until Autotask has no more or `limit` records are
 * in. Only the path and query of a link under the zone's /V1.0/ are followed. A page that comes back
 * twice (compared by that path and query, whatever the host), or too many empty pages, is an error,
 * never a silent stop or an endless loop.
 */
export async function followPages(
	this: AutotaskContext,
	first: IDataObject,
	limit?: number,
): Promise<QueryResult> {
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let pages = 0;
	let empty = 0;
	let response = first;
	for (;;) {
		pages++;
		const got = (response.items as IDataObject[] | undefined) ?? [];
		items.push(...got);
		const next = (response.pageDetails as IDataObject | undefined)?.nextPageUrl as unknown;
		if (limit !== undefined && items.length >= limit) {
			return { items: items.slice(0, limit), pages, hasMore: items.length > limit || !!next };
		}
		if (!next) return { items, pages, hasMore: false };
		const path = pageLinkPath(next);
		const stop = (message: string) =>
			toNodeError(this, { message }, { method: 'GET', path: path ?? '/', idempotent: true });
		if (path === undefined) {
			throw await stop(
				`Autotask's next-page link is not a path under the zone's /V1.0/ ("${printable(next)}"); it was not followed`,
			);
		}
		if (seen.has(pageKey(path))) {
			throw await stop(
				`Autotask returned the same next page twice after ${items.length} records; stopped to avoid reading it forever`,
			);
		}
		if (!got.length && ++empty >= transportSettings.maxEmptyPages) {
			const records = `${items.length} record${items.length === 1 ? '' : 's'}`;
			throw await stop(
				`Autotask sent ${empty} empty pages, each with a link to another page, after ${records}; stopped to avoid reading forever`,
			);
		}
		seen.add(pageKey(path));
		response = await autotaskRequest.call(this, { method: 'GET', path });
	}
}

/**
 * Runs a query and follows its pages. The first page asks for no more than the limit, so a limit L
 * costs ceil(L/500) requests.
 */
export async function autotaskQuery(
	this: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	limit?: number,
): Promise<QueryResult> {
	const pageSize = transportSettings.pageSize;
	const body: QueryBody = {
		...query,
		MaxRecords: limit !== undefined ? Math.min(limit, pageSize) : pageSize,
	};
	const first = await autotaskRequest.call(this, { method: 'POST', path: queryPath, body });
	if (limit === undefined || limit <= pageSize) return await followPages.call(this, first, limit);
	return await queryUpTo.call(this, queryPath, query, limit, first);
}

/**
 * A query with a limit above one page: each next page is the same query for IDs above the last one
 * read, asking only for the records still needed (Autotask's recommended id-cursor loop, FACTS.md §7),
 * so a limit L costs ceil(L/500) requests and reads no record it will drop.
 */
export async function queryUpTo(
	this: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	limit: number,
	first: IDataObject,
): Promise<QueryResult> {
	const items: IDataObject[] = [];
	let page = first;
	let pages = 1;
	for (;;) {
		const got = (page.items as IDataObject[] | undefined) ?? [];
		items.push(...got);
		const more = !!(page.pageDetails as IDataObject | undefined)?.nextPageUrl;
		if (items.length >= limit || !more || !got.length) {
			return { items: items.slice(0, limit), pages, hasMore: more || items.length > limit };
		}
		const lastId = Math.max(...got.map((r) => Number(r.id)));
		if (!Number.isFinite(lastId)) {
			// Records without IDs: follow Autotask's page links for the rest instead.
			const before = items.slice(0, items.length - got.length);
			const rest = await followPages.call(this, page, limit - before.length);
			return {
				items: [...before, ...rest.items],
				pages: pages + rest.pages - 1,
				hasMore: rest.hasMore,
			};
		}
		const needed = Math.min(limit - items.length, transportSettings.pageSize);
		const filter = [{ op: 'gt', field: 'id', value: lastId }, ...query.filter];
		page = await autotaskRequest.call(this, {
			method: 'POST',
			path: queryPath,
			body: { ...query, filter, MaxRecords: needed },
		});
		pages++;
	}
}

/** POST …/query/count: how many records match. */
export async function autotaskCount(
	this: AutotaskContext,
	countPath: string,
	filter: IDataObject[],
): Promise<number> {
	const response = await autotaskRequest.call(this, {
		method: 'POST',
		path: countPath,
		body: { filter },
	});
	return Number(response.queryCount ?? 0);
}
