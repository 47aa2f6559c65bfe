import type { IDataObject } from 'n8n-workflow';

import { isThreadLimit, type FailureInfo } from './errors';
import { transportSettings, type AutotaskRequest, type HourlyLimitPolicy } from './settings';

/** Network failures that happen before a request reaches Autotask: safe to repeat, even for writes. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

export function isIdempotent(req: AutotaskRequest, path: string): boolean {
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

/** Where a request stands in its retries. */
export interface RetryState {
	idempotent: boolean;
	attempt: number;
	policy: HourlyLimitPolicy;
	/** Milliseconds already waited for the hourly limit */
	limitWaitedMs: number;
	serverErrors: number;
	threadLimits: number;
}

/** A request's retry state before its first attempt. */
export function newRetryState(idempotent: boolean): RetryState {
	return {
		idempotent,
		attempt: 0,
		policy: 'waitBriefly',
		limitWaitedMs: 0,
		serverErrors: 0,
		threadLimits: 0,
	};
}

export type Step =
	| { retry: true; waitMs: number; forHourlyLimit?: boolean }
	| { retry: false; limitNote?: string };

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
export function nextStep(failure: FailureInfo, s: RetryState): Step {
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
