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

import { acquireSlot } from './limiter';
import { failureFrom, isThreadLimit, toNodeError, type FailureInfo } from './errors';

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
	pageSize: 500,
	/** A request with no answer after this long is given up (and, for a write, reported as maybe applied). */
	timeoutMs: 120_000,
};

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
}

/** Network failures that happen before a request reaches Autotask: safe to repeat, even for writes. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Reduces an absolute nextPageUrl to a path under the zone, so credentials never go to another host. */
export function toZonePath(pathOrUrl: string): string {
	if (!/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl.startsWith('/') ? pathOrUrl : `/${pathOrUrl}`;
	const base = pathOrUrl.search(/\/atservicesrest\//i);
	if (base >= 0) return pathOrUrl.slice(base + '/ATServicesRest'.length);
	const version = pathOrUrl.search(/\/v1\.0\//i);
	if (version >= 0) return pathOrUrl.slice(version);
	return pathOrUrl.replace(/^https?:\/\/[^/]+/i, '') || '/';
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

/**
 * The one place that talks HTTP to Autotask. Sends through the credential (headers and zone), keeps at
 * most 3 requests in flight per credential and entity, retries what is safe to retry, and turns
 * Autotask's answers into NodeApiErrors that carry its errors[] text.
 */
export async function autotaskRequest(
	this: AutotaskContext,
	request: AutotaskRequest,
): Promise<IDataObject> {
	const path = toZonePath(request.path);
	const idempotent = isIdempotent(request, path);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: path,
		json: !request.binary,
		timeout: transportSettings.timeoutMs,
		headers: { Accept: 'application/json', ...(request.headers ?? {}) },
	};
	if (request.body !== undefined) options.body = request.body;
	if (request.qs && Object.keys(request.qs).length) options.qs = request.qs;
	if (request.binary) options.encoding = 'arraybuffer';

	const key = await limiterKey(this, path);
	let last: FailureInfo | undefined;
	for (let attempt = 1; attempt <= transportSettings.maxAttempts; attempt++) {
		const release = await acquireSlot(key);
		let failure: FailureInfo | undefined;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as IDataObject;
			const errors = response?.errors;
			// Autotask can answer 200 with errors[] and nothing else (FACTS.md §4).
			if (Array.isArray(errors) && errors.length && !hasPayload(response)) {
				failure = { status: 200, errors: errors.map(String) };
			} else {
				return response;
			}
		} catch (error) {
			failure = failureFrom(error);
		} finally {
			release();
		}
		last = failure;
		const wait = retryDelay(failure, idempotent, attempt);
		if (wait === undefined) break;
		await sleep(wait);
	}
	throw await toNodeError(this, last ?? {}, { method: request.method, path, idempotent });
}

function hasPayload(body: IDataObject): boolean {
	return ['item', 'items', 'itemId', 'queryCount'].some((k) => k in body);
}

/** Milliseconds to wait before trying again, or undefined when the failure must reach the user. */
function retryDelay(failure: FailureInfo, idempotent: boolean, attempt: number): number | undefined {
	if (attempt >= transportSettings.maxAttempts) return undefined;
	// Refused before Autotask did anything: repeating is harmless even for a create.
	if (failure.status === 429) {
		const after = retryAfterMs(failure.headers);
		if (after !== undefined && after > transportSettings.maxRetryAfterMs) return undefined;
		return after ?? backoff(attempt);
	}
	if (isThreadLimit(failure)) return backoff(attempt);
	if (failure.code && NOT_SENT_CODES.has(failure.code)) return backoff(attempt);
	if (!idempotent) return undefined;
	// Reads: also ride out dropped connections, timeouts and overloaded gateways.
	if (failure.code) return backoff(attempt);
	if (failure.status && [502, 503, 504].includes(failure.status)) return backoff(attempt);
	return undefined;
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
 * in. A page link that comes back twice is an error, never a silent stop.
 */
export async function followPages(
	this: AutotaskContext,
	first: IDataObject,
	limit?: number,
): Promise<QueryResult> {
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let pages = 0;
	let response = first;
	for (;;) {
		pages++;
		items.push(...((response.items as IDataObject[] | undefined) ?? []));
		const next = (response.pageDetails as IDataObject | undefined)?.nextPageUrl as string | null | undefined;
		if (limit !== undefined && items.length >= limit) {
			return { items: items.slice(0, limit), pages, hasMore: items.length > limit || !!next };
		}
		if (!next) return { items, pages, hasMore: false };
		if (seen.has(next)) {
			throw await toNodeError(this, {
				message: `Autotask returned the same next page twice after ${items.length} records; stopped to avoid reading it forever`,
			}, { method: 'GET', path: toZonePath(next), idempotent: true });
		}
		seen.add(next);
		response = await autotaskRequest.call(this, { method: 'GET', path: next });
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
	const body: QueryBody = { ...query, MaxRecords: limit !== undefined ? Math.min(limit, pageSize) : pageSize };
	const first = await autotaskRequest.call(this, { method: 'POST', path: queryPath, body });
	return await followPages.call(this, first, limit);
}

/** POST …/query/count: how many records match. */
export async function autotaskCount(
	this: AutotaskContext,
	countPath: string,
	filter: IDataObject[],
): Promise<number> {
	const response = await autotaskRequest.call(
		this,
		{ method: 'POST', path: countPath, body: { filter } },
	);
	return Number(response.queryCount ?? 0);
}
