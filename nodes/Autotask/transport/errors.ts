import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { AutotaskContext } from './index';
import { networkCode, networkWords } from './network-words';
import { redactSecrets } from './redact';
import { isRedirect, redirectTarget } from './redirects';
import { describeZone } from './zones';

/** What went wrong with one request, with nothing from the request itself (it carries the secret). */
export interface FailureInfo {
	status?: number;
	headers?: IDataObject;
	errors?: string[];
	/** Network error code (ECONNRESET, ETIMEDOUT, …) when no HTTP answer came */
	code?: string;
	message?: string;
}

type ErrorLike = {
	httpCode?: string | null;
	code?: string;
	message?: string;
	response?: { status?: number; headers?: IDataObject; data?: unknown };
	cause?: ErrorLike;
	context?: { data?: unknown };
};

function errorsFrom(data: unknown): string[] | undefined {
	let body = data;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return body ? [body as string] : undefined;
		}
	}
	if (body && typeof body === 'object') {
		const b = body as { errors?: unknown; Message?: unknown; message?: unknown };
		if (Array.isArray(b.errors) && b.errors.length) return b.errors.map((e) => String(e));
		if (typeof b.Message === 'string') return [b.Message];
		if (typeof b.message === 'string') return [b.message];
	}
	return undefined;
}

/** Reads the status, headers, Autotask errors[] and network code out of whatever n8n threw. */
export function failureFrom(error: unknown): FailureInfo {
	const e = (error ?? {}) as ErrorLike;
	const axios = e.response ? e : e.cause?.response ? e.cause : undefined;
	const status = axios?.response?.status ?? (e.httpCode ? Number(e.httpCode) : undefined);
	const info: FailureInfo = {};
	if (status && Number.isFinite(status)) info.status = status;
	if (axios?.response?.headers) info.headers = axios.response.headers;
	const errors = errorsFrom(axios?.response?.data ?? e.context?.data);
	if (errors) info.errors = errors;
	if (!info.status) {
		info.code = networkCode(e) ?? networkCode(e.cause);
		info.message = e.cause?.message ?? e.message;
	}
	return info;
}

export function isThreadLimit(failure: FailureInfo): boolean {
	return (failure.errors ?? []).some((m) => /Itgenatr005|thread threshold/i.test(m));
}

const ENTITY_OF = /\/v1\.0\/([^/?]+)/i;

interface RequestLine {
	method: string;
	path: string;
	idempotent: boolean;
	/** How many times it was sent */
	attempts?: number;
	/** Why the node stopped waiting for the hourly limit */
	limitNote?: string;
}

async function thresholdSummary(ctx: AutotaskContext): Promise<string> {
	try {
		const t = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'autotaskApi', {
			method: 'GET',
			url: '/V1.0/ThresholdInformation',
			json: true,
		})) as IDataObject;
		const used = Number(t.currentTimeframeRequestCount);
		const limit = Number(t.externalRequestThreshold);
		const minutes = Number(t.requestThresholdTimeframe ?? 60);
		if (Number.isFinite(used) && Number.isFinite(limit)) {
			return ` Autotask counts ${used} of ${limit} requests in the last ${minutes} minutes for this database (shared by every integration).`;
		}
	} catch {
		// The usage figures are a courtesy; the 429 itself is what the user must see.
	}
	return '';
}

function clock(ms: number): string {
	const d = new Date(ms);
	const hh = String(d.getUTCHours()).padStart(2, '0');
	const mm = String(d.getUTCMinutes()).padStart(2, '0');
	return `${hh}:${mm} UTC`;
}

/** When to try again, from Retry-After (seconds or an HTTP date), in words and as a clock time. */
export function retryWhen(headers: IDataObject | undefined, now = Date.now()): string {
	const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
	if (raw === undefined || raw === null || raw === '') {
		return 'within the hour: Autotask counts requests over a rolling hour, and gave no Retry-After';
	}
	const seconds = Number(raw);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(raw)) - now;
	if (!Number.isFinite(ms)) return 'after the time Autotask gives in its Retry-After header';
	const minutes = Math.ceil(Math.max(0, ms) / 60000);
	const inWords = minutes <= 1 ? 'about a minute' : `about ${minutes} minutes`;
	return `in ${inWords} (after ${clock(now + Math.max(0, ms) + 59_999)})`;
}

/** Advice for Autotask messages whose fix is not obvious from their words. */
function hintFor(text: string): string {
	if (/adequate permissions|impersonat/i.test(text)) {
		return ' If Impersonation Resource ID is set: the API user’s security level must allow impersonation, and the resource must be active and its security level must allow being impersonated. Otherwise give the API user’s security level access to this entity.';
	}
	const reference = /Reference value on field:\s*(\w+)\s+of type:\s*(\w+)/i.exec(text);
	if (reference) {
		return ` No ${reference[2]} with the ID given in ${reference[1]} exists, or the API user cannot see it. For a record created under a parent, ${reference[1]} comes from the Parent ID: check it.`;
	}
	return '';
}

async function secretsOf(ctx: AutotaskContext): Promise<string[]> {
	try {
		const credentials = await ctx.getCredentials('autotaskApi');
		return [String(credentials.secret ?? '')].filter((s) => s.length >= 4);
	} catch {
		return [];
	}
}

/**
 * Replaces every occurrence of the given secrets in a text: literal, URL-encoded, base64 (also inside a
 * longer base64 string), HTML- and JSON-escaped (redact.ts).
 */
export function redact(text: string, secrets: string[]): string {
	return redactSecrets(text, secrets);
}

/**
 * Whether a write answered with this status may still have been applied: a gateway failure (502, 503,
 * 504) answers for a request whose fate it does not know, and a 500 without Autotask's error text came
 * from something other than Autotask's validation.
 */
function mayHaveApplied(status: number, autotaskSays: string | undefined): boolean {
	return [502, 503, 504].includes(status) || (status === 500 && !autotaskSays);
}

/** Errors of writes that Autotask may have applied although they failed (the answer was lost or a gateway failed). */
const unknownOutcomes = new WeakSet<object>();

/** Whether the error is of a write that Autotask may have applied: it must not be sent again blindly. */
export function mayHaveBeenApplied(error: unknown): boolean {
	return typeof error === 'object' && error !== null && unknownOutcomes.has(error);
}

/** Builds the error the user sees: Autotask's own words first, then what to do about it. */
export async function toNodeError(
	ctx: AutotaskContext,
	failure: FailureInfo,
	request: RequestLine,
): Promise<NodeApiError> {
	const where = `${request.method} ${request.path.split('?')[0]}`;
	const entity = ENTITY_OF.exec(request.path)?.[1] ?? 'this entity';
	let message: string;
	let description: string;
	let unknownOutcome = false;
	const status = failure.status;
	const autotaskSays = failure.errors?.join(' ');

	if (status === 429) {
		message = 'Autotask’s hourly API request limit for this database is used up (429)';
		const note = request.limitNote ? ` ${request.limitNote}` : '';
		description = `Try again ${retryWhen(failure.headers)}.${note}${await thresholdSummary(ctx)} Requests sent during the wait count against the limit too. The node option On Hourly Limit chooses whether to wait or stop.`;
	} else if (isRedirect(status)) {
		message = `Autotask's zone answered ${status}, a redirect to ${redirectTarget(failure.headers)}; the node does not follow redirects, so nothing was sent there`;
		description = `Following it would send the Username, Secret and API Tracking Identifier to that address. ${where} went to the Zone or Custom URL of the Autotask API credential: check that it is the API address itself, e.g. https://webservices14.autotask.net/ATServicesRest/.`;
	} else if (isThreadLimit(failure)) {
		message = `Autotask’s thread limit was still exceeded after several tries: ${autotaskSays}`;
		description = `Autotask allows 3 requests at a time per API tracking identifier and entity (${entity}). Other integrations using the same tracking identifier may be busy; run fewer executions in parallel or try again shortly.`;
	} else if (status === 401) {
		let zone = 'the zone of the credential';
		try {
			zone = describeZone(await ctx.getCredentials('autotaskApi'));
		} catch {
			// Without the credential the zone stays unnamed; the advice below still holds.
		}
		message = 'Autotask refused the credentials (401)';
		description = `The request went to ${zone}. Check the Username, the Secret and the API Tracking Identifier on the Autotask API credential, and that the API user is active with an API-only security level.`;
	} else if (status === 403) {
		message = autotaskSays ?? `Autotask refused access to ${entity} (403)`;
		description = `The API user's security level does not allow ${where}. Give its security level access to ${entity} in Autotask.`;
	} else if (status === 404) {
		message = `Autotask answered 404 Not Found to ${where}`;
		description =
			'Either that route does not exist in the REST API or the record does not. Records with a parent (ticket notes, company contacts, …) are reached through the parent, e.g. /V1.0/Tickets/{id}/Notes.';
	} else if (status === 405) {
		message = `Autotask does not support ${where} (405)`;
		description =
			'This entity does not allow that operation, or it uses another URL: updates go to the collection URL with the id in the body, and child records are written through their parent.';
	} else if (status && !request.idempotent && mayHaveApplied(status, autotaskSays)) {
		unknownOutcome = true;
		message = `Autotask answered ${status} to ${where} after it was sent; Autotask may have applied it`;
		description = `${autotaskSays ? `It said: ${autotaskSays} ` : ''}A gateway or server failure does not say whether the change was made. It was not sent again, so no duplicate was made. Check in Autotask whether the change exists before running this item again.`;
	} else if (status && autotaskSays) {
		message = autotaskSays;
		const tries =
			request.attempts && request.attempts > 1 ? ` (sent ${request.attempts} times)` : '';
		description = `Autotask answered ${status} to ${where}${tries}.${hintFor(autotaskSays)}`;
	} else if (status) {
		message = `Autotask answered ${status} to ${where}`;
		description = 'Autotask gave no reason.';
	} else if (failure.code && !request.idempotent) {
		unknownOutcome = true;
		message = `The connection to Autotask broke after ${where} was sent (${networkWords(failure.code)}); Autotask may have applied it`;
		description =
			'It was not sent again, so no duplicate was made. Check in Autotask whether the change exists before running this item again.';
	} else if (failure.code) {
		message = `Could not reach Autotask for ${where} (${networkWords(failure.code)})`;
		const tries =
			request.attempts && request.attempts > 1 ? ` It was tried ${request.attempts} times.` : '';
		description = `Check that n8n can reach the Autotask zone, then try again.${tries}`;
	} else {
		message = failure.message ?? `Autotask did not answer ${where} as expected`;
		description = '';
	}

	// Whatever the server said is repeated to the user; a proxy or wrong URL that echoes the request
	// headers must not make the Secret part of an error.
	const hide = await secretsOf(ctx);
	message = redact(message, hide);
	description = redact(description, hide);
	const detail: JsonObject = { message, description };
	if (status) detail.httpCode = String(status);
	if (failure.errors) detail.errors = failure.errors.map((e) => redact(e, hide));
	const error = new NodeApiError(ctx.getNode(), detail, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
	});
	if (unknownOutcome) unknownOutcomes.add(error);
	return error;
}
