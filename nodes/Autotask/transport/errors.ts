import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { AutotaskContext } from './settings';
import { explainFailure, explainRefusal } from './failure-messages';
import { networkCode } from './network-words';
import { redactSecrets } from './redact';

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

export { isThreadLimit, retryWhen } from './failure-messages';

const ENTITY_OF = /\/v1\.0\/([^/?]+)/i;

export interface RequestLine {
	method: string;
	path: string;
	idempotent: boolean;
	/** How many times it was sent */
	attempts?: number;
	/** Why the node stopped waiting for the hourly limit */
	limitNote?: string;
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
	const status = failure.status;
	const explained =
		(await explainRefusal(ctx, failure, request, where, entity)) ??
		explainFailure(failure, request, where);

	// Whatever the server said is repeated to the user; a proxy or wrong URL that echoes the request
	// headers must not make the Secret part of an error.
	const hide = await secretsOf(ctx);
	const message = redact(explained.message, hide);
	const description = redact(explained.description, hide);
	const detail: JsonObject = { message, description };
	if (status) detail.httpCode = String(status);
	if (failure.errors) detail.errors = failure.errors.map((e) => redact(e, hide));
	const error = new NodeApiError(ctx.getNode(), detail, {
		message,
		description,
		httpCode: status ? String(status) : undefined,
	});
	if (explained.unknownOutcome) unknownOutcomes.add(error);
	return error;
}
