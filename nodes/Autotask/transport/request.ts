import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { acquireSlot, closeGate, hourlyGate, notSentForLimit, openGate, passGate } from './limiter';
import { failureFrom, toNodeError, type FailureInfo } from './errors';
import { pageLinkPath } from './page-links';
import { printable } from './safe-text';
import { noteRefusal } from '../helpers/metadata-cache';
import { countRequest } from './request-budget';
import { isIdempotent, newRetryState, nextStep } from './retry-policy';
import {
	CREDENTIAL_TYPE,
	HOURLY_LIMIT_PARAMETER,
	transportSettings,
	type AutotaskContext,
	type AutotaskRequest,
	type HourlyLimitPolicy,
} from './settings';

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

/**
 * The one place that talks HTTP to Autotask. Sends through the credential (headers and zone), keeps at
 * most 3 requests in flight per credential and entity, retries what is safe to retry, and turns
 * Autotask's answers into NodeApiErrors that carry its errors[] text. The hourly limit is met once per
 * execution: one request waits for it while the others wait for that one, and once the node stops for
 * it, the requests still to come are not sent.
 */
export async function autotaskRequest(
	this: AutotaskContext,
	request: AutotaskRequest,
): Promise<IDataObject> {
	const path = await zonePathOf(this, request);
	const idempotent = isIdempotent(request, path);
	const options = httpOptions(request, path);
	const key = await limiterKey(this, path);
	const state = newRetryState(idempotent);
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
			if (!(await waitToRetry(this, step, `${request.method} ${path.split('?')[0]}`))) {
				line.limitNote = 'The execution was cancelled while waiting.';
				if (leading) gate.stopped = { headers: failure.headers, note: line.limitNote };
				throw await toNodeError(this, failure, line);
			}
		}
	} finally {
		if (leading) openGate(gate);
	}
}

/** The request's path under the zone, or an error before anything is sent. */
async function zonePathOf(ctx: AutotaskContext, request: AutotaskRequest): Promise<string> {
	const path = toZonePath(request.path);
	if (path !== undefined) return path;
	throw await toNodeError(
		ctx,
		{
			message: `The request path is not a path under the zone's /V1.0/ ("${printable(request.path)}"); it was not sent`,
		},
		{ method: request.method, path: '/', idempotent: false },
	);
}

/** Waits before the next attempt (a wait for the hourly limit is logged); false when cancelled meanwhile. */
async function waitToRetry(
	ctx: AutotaskContext,
	step: { waitMs: number; forHourlyLimit?: boolean },
	what: string,
): Promise<boolean> {
	if (step.forHourlyLimit)
		ctx.logger?.info(
			`Autotask: hourly API request limit reached; waiting ${Math.ceil(step.waitMs / 1000)} s before ${what} again`,
		);
	return await wait(ctx, step.waitMs);
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
	countRequest(ctx, String(options.url)); // the execution's budget, per entity
	try {
		const answer = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
		)) as IDataObject;
		const errors = answer?.errors;
		// Autotask can answer 200 with errors[] and nothing else.
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
