import type { IDataObject } from 'n8n-workflow';

import type { FailureInfo, RequestLine } from './errors';
import type { AutotaskContext } from './settings';
import { networkWords } from './network-words';
import { isRedirect, redirectTarget } from './redirects';
import { describeZone } from './zones';

/** Whether Autotask refused the request for its thread limit (3 requests at a time per entity). */
export function isThreadLimit(failure: FailureInfo): boolean {
	return (failure.errors ?? []).some((m) => /Itgenatr005|thread threshold/i.test(m));
}

/** The hourly limit's use, in a sentence; nothing when it cannot be read. */
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

/**
 * Whether a write answered with this status may still have been applied: a gateway failure (502, 503,
 * 504) answers for a request whose fate it does not know, and a 500 without Autotask's error text came
 * from something other than Autotask's validation.
 */
function mayHaveApplied(status: number, autotaskSays: string | undefined): boolean {
	return [502, 503, 504].includes(status) || (status === 500 && !autotaskSays);
}

export interface Explanation {
	message: string;
	description: string;
	/** A write Autotask may have applied although it failed */
	unknownOutcome?: boolean;
}

/** The refusals that say what to fix: the hourly limit, a redirect, the thread limit, credentials, access, routes. */
export async function explainRefusal(
	ctx: AutotaskContext,
	failure: FailureInfo,
	request: RequestLine,
	where: string,
	entity: string,
): Promise<Explanation | undefined> {
	const status = failure.status;
	const autotaskSays = failure.errors?.join(' ');
	if (status === 429) {
		const note = request.limitNote ? ` ${request.limitNote}` : '';
		return {
			message: 'Autotask’s hourly API request limit for this database is used up (429)',
			description: `Try again ${retryWhen(failure.headers)}.${note}${await thresholdSummary(ctx)} Requests sent during the wait count against the limit too. The node option On Hourly Limit chooses whether to wait or stop.`,
		};
	}
	if (isRedirect(status)) {
		return {
			message: `Autotask's zone answered ${status}, a redirect to ${redirectTarget(failure.headers)}; the node does not follow redirects, so nothing was sent there`,
			description: `Following it would send the Username, Secret and API Tracking Identifier to that address. ${where} went to the Zone or Custom URL of the Autotask API credential: check that it is the API address itself, e.g. https://webservices14.autotask.net/ATServicesRest/.`,
		};
	}
	if (isThreadLimit(failure)) {
		return {
			message: `Autotask’s thread limit was still exceeded after several tries: ${autotaskSays}`,
			description: `Autotask allows 3 requests at a time per API tracking identifier and entity (${entity}). Other integrations using the same tracking identifier may be busy; run fewer executions in parallel or try again shortly.`,
		};
	}
	if (status === 401) {
		let zone = 'the zone of the credential';
		try {
			zone = describeZone(await ctx.getCredentials('autotaskApi'));
		} catch {
			// Without the credential the zone stays unnamed; the advice below still holds.
		}
		return {
			message: 'Autotask refused the credentials (401)',
			description: `The request went to ${zone}. Check the Username, the Secret and the API Tracking Identifier on the Autotask API credential, and that the API user is active with an API-only security level.`,
		};
	}
	return explainRoute(status, autotaskSays, where, entity);
}

/** 403, 404 and 405: the API user may not, the record or route does not exist, or the entity does not allow it. */
function explainRoute(
	status: number | undefined,
	autotaskSays: string | undefined,
	where: string,
	entity: string,
): Explanation | undefined {
	if (status === 403) {
		return {
			message: autotaskSays ?? `Autotask refused access to ${entity} (403)`,
			description: `The API user's security level does not allow ${where}. Give its security level access to ${entity} in Autotask.`,
		};
	}
	if (status === 404) {
		return {
			message: `Autotask answered 404 Not Found to ${where}`,
			description:
				'Either that route does not exist in the REST API or the record does not. Records with a parent (ticket notes, company contacts, …) are reached through the parent, e.g. /V1.0/Tickets/{id}/Notes.',
		};
	}
	if (status === 405) {
		return {
			message: `Autotask does not support ${where} (405)`,
			description:
				'This entity does not allow that operation, or it uses another URL: updates go to the collection URL with the id in the body, and child records are written through their parent.',
		};
	}
	return undefined;
}

/** Other failures: a write whose fate is unknown, Autotask's own error text, or a network failure. */
export function explainFailure(
	failure: FailureInfo,
	request: RequestLine,
	where: string,
): Explanation {
	const status = failure.status;
	const autotaskSays = failure.errors?.join(' ');
	const tried = request.attempts && request.attempts > 1 ? request.attempts : 0;
	if (status && !request.idempotent && mayHaveApplied(status, autotaskSays)) {
		return {
			unknownOutcome: true,
			message: `Autotask answered ${status} to ${where} after it was sent; Autotask may have applied it`,
			description: `${autotaskSays ? `It said: ${autotaskSays} ` : ''}A gateway or server failure does not say whether the change was made. It was not sent again, so no duplicate was made. Check in Autotask whether the change exists before running this item again.`,
		};
	}
	if (status && autotaskSays) {
		const tries = tried ? ` (sent ${tried} times)` : '';
		return {
			message: autotaskSays,
			description: `Autotask answered ${status} to ${where}${tries}.${hintFor(autotaskSays)}`,
		};
	}
	if (status)
		return {
			message: `Autotask answered ${status} to ${where}`,
			description: 'Autotask gave no reason.',
		};
	if (failure.code && !request.idempotent) {
		return {
			unknownOutcome: true,
			message: `The connection to Autotask broke after ${where} was sent (${networkWords(failure.code)}); Autotask may have applied it`,
			description:
				'It was not sent again, so no duplicate was made. Check in Autotask whether the change exists before running this item again.',
		};
	}
	if (failure.code) {
		const tries = tried ? ` It was tried ${tried} times.` : '';
		return {
			message: `Could not reach Autotask for ${where} (${networkWords(failure.code)})`,
			description: `Check that n8n can reach the Autotask zone, then try again.${tries}`,
		};
	}
	return {
		message: failure.message ?? `Autotask did not answer ${where} as expected`,
		description: '',
	};
}
