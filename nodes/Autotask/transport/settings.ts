import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IDataObject,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

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
	/** Following page links stops with an error after this many pages that held no record. */
	maxEmptyPages: 5,
	/** A request with no answer after this long is given up (and, for a write, reported as maybe applied). */
	timeoutMs: 120_000,
};

/**
 * What to do when Autotask's hourly request limit is used up (429): wait a Retry-After of up to
 * maxRetryAfterMs and otherwise stop (the default), wait until the limit resets, or stop at once.
 */
export type HourlyLimitPolicy = 'waitBriefly' | 'waitUntilReset' | 'stop';

/** The Autotask node's parameter that sets the policy (nodes/Autotask/helpers/request-options.ts). */
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
