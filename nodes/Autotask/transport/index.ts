/**
 * The only code that talks HTTP to Autotask: settings.ts (credential type, retry and paging settings),
 * request.ts (one request: the thread limit, retries, the hourly limit, errors), retry-policy.ts (what
 * is retried and after how long), paging.ts (queries and their pages), parallel-query.ts (Return All in
 * up to 3 ID ranges at once).
 */
export {
	CREDENTIAL_TYPE,
	HOURLY_LIMIT_PARAMETER,
	transportSettings,
	type AutotaskContext,
	type AutotaskRequest,
	type HourlyLimitPolicy,
} from './settings';
export { autotaskRequest, entityOfPath, toZonePath } from './request';
export {
	autotaskCount,
	autotaskQuery,
	followPages,
	queryUpTo,
	type QueryBody,
	type QueryResult,
} from './paging';
