import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { networkCode, networkWords } from './network-words';
import { isRedirect, redirectTarget } from './redirects';
import { printable } from './safe-text';
import { insecureProblem, zoneAnswerProblem } from './url-policy';
import { DEFAULT_ZONE_LOOKUP_URL, normalizeBaseUrl } from './zones';

/** The two unauthenticated requests of the credential's preAuthentication: the zone lookup and the zone check. */

type Helpers = IHttpRequestHelper['helpers'];
type FullResponse = { statusCode?: number; headers?: IDataObject; body?: unknown };

export interface ResolvedZone {
	url?: string;
	zoneName?: string;
	problem?: string;
}

/** Reason text for a failed request, without anything from the request itself. */
function networkReason(error: unknown): string {
	return networkWords(networkCode(error));
}

/**
 * Auto-Detect: asks the Zone Lookup URL which zone holds the username (without credentials, and without
 * following redirects), and accepts only an https:// URL on an Autotask host, or, from a lookup on this
 * machine (the sandbox), a URL on this machine.
 */
export async function lookupZone(
	helpers: Helpers,
	credentials: ICredentialDataDecryptedObject,
	username: string,
): Promise<ResolvedZone> {
	const lookup = normalizeBaseUrl(String(credentials.zoneLookupUrl || DEFAULT_ZONE_LOOKUP_URL));
	if (!lookup.url) return { problem: `The Zone Lookup URL ${lookup.problem}.` };
	const insecure = insecureProblem(lookup.url, credentials.allowInsecureHttp === true);
	if (insecure) return { problem: `The Zone Lookup URL ${insecure}.` };
	let answer: FullResponse;
	try {
		answer = (await helpers.httpRequest({
			method: 'GET',
			url: `${lookup.url}V1.0/zoneInformation`,
			qs: { user: username },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		})) as FullResponse;
	} catch (error) {
		return {
			problem: `Could not reach Autotask's zone lookup at ${lookup.url} (${networkReason(error)}). Check that n8n can reach it, or choose the Zone by hand.`,
		};
	}
	if (isRedirect(answer.statusCode)) {
		return {
			problem: `Autotask's zone lookup at ${lookup.url} answered ${answer.statusCode}, a redirect to ${redirectTarget(answer.headers)}. Redirects are never followed: check the Zone Lookup URL, or choose the Zone by hand.`,
		};
	}
	const body = (answer.body ?? {}) as IDataObject;
	if (answer.statusCode !== 200 || !body.url) {
		return {
			problem: `Autotask's zone lookup does not know the API username "${username}" (HTTP ${answer.statusCode}). Check the Username: it is the API user's username from Admin > Resources (Users), not a person's login.`,
		};
	}
	const found = normalizeBaseUrl(String(body.url));
	if (!found.url)
		return {
			problem: `Autotask's zone lookup answered an unusable URL ("${printable(body.url)}").`,
		};
	const refused = zoneAnswerProblem(found.url, lookup.url);
	if (refused) {
		return {
			problem: `Autotask's zone lookup at ${lookup.url} answered a zone URL that was not used: ${refused}. Auto-Detect accepts only https:// URLs on Autotask's hosts. To go through a proxy, choose Zone = Custom URL.`,
		};
	}
	return { url: found.url, zoneName: printable(body.zoneName ?? '') };
}

/**
 * VersionInformation needs no authentication: any HTTP answer proves the zone is reachable. A redirect is
 * not followed and not accepted; undefined when the zone answered.
 */
export async function checkZone(
	helpers: Helpers,
	baseUrl: string,
	zoneName: string,
): Promise<string | undefined> {
	try {
		const answer = (await helpers.httpRequest({
			method: 'GET',
			url: `${baseUrl}VersionInformation`,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		})) as FullResponse;
		if (!isRedirect(answer.statusCode)) return undefined;
		return `The Autotask zone ${zoneName} at ${baseUrl} answered ${answer.statusCode}, a redirect to ${redirectTarget(answer.headers)}. Redirects are never followed, so the credentials go only to the URL you entered: enter the address the zone redirects to if you trust it.`;
	} catch (error) {
		return `Could not reach the Autotask zone ${zoneName} at ${baseUrl} (${networkReason(error)}). Check the Zone (or Custom URL) and that n8n can reach it.`;
	}
}
