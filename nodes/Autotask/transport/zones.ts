import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { insecureProblem, zoneAnswerProblem } from './url-policy';

/** Autotask API zones by name: the API host is webservices{N}.autotask.net. */
export const ZONES: Array<{ name: string; host: string }> = [
	{ name: 'America East', host: 'webservices3.autotask.net' },
	{ name: 'America East 2', host: 'webservices14.autotask.net' },
	{ name: 'America East 3', host: 'webservices22.autotask.net' },
	{ name: 'America West', host: 'webservices5.autotask.net' },
	{ name: 'America West 2', host: 'webservices15.autotask.net' },
	{ name: 'America West 3', host: 'webservices24.autotask.net' },
	{ name: 'America West 4', host: 'webservices25.autotask.net' },
	{ name: 'Australia 2', host: 'webservices26.autotask.net' },
	{ name: 'Australia/NZ (Sydney)', host: 'webservices29.autotask.net' },
	{ name: 'Australia (Old Zone)', host: 'webservices6.autotask.net' },
	{ name: 'EU1 (English Europe and Asia)', host: 'webservices19.autotask.net' },
	{ name: 'German', host: 'webservices18.autotask.net' },
	{ name: 'Limited Release', host: 'webservices1.autotask.net' },
	{ name: 'Limited Release UK', host: 'webservices17.autotask.net' },
	{ name: 'Pre-Release', host: 'webservices2.autotask.net' },
	{ name: 'Pre-Release Deutsch', host: 'prde.autotask.net' },
	{ name: 'Pre-Release Español', host: 'pres.autotask.net' },
	{ name: 'Pre-Release UK', host: 'webservices11.autotask.net' },
	{ name: 'Spanish', host: 'webservices12.autotask.net' },
	{ name: 'UK', host: 'webservices4.autotask.net' },
	{ name: 'UK2', host: 'webservices16.autotask.net' },
	{ name: 'UK3', host: 'webservices28.autotask.net' },
];

export const AUTO_DETECT = 'auto';
export const CUSTOM_URL = 'custom';
export const DEFAULT_ZONE_LOOKUP_URL = 'https://webservices.autotask.net/ATServicesRest/';

/** Longest base URL accepted; Autotask's are about 50 characters, and a longer one only costs time. */
const MAX_URL_LENGTH = 2048;

/**
 * Normalises a user-given API base URL to end with a single slash, adding /ATServicesRest/ to a bare
 * host and removing a trailing /V1.0. Returns an error text instead of throwing so callers can word it.
 * Runs on every request (authenticate), so it is linear: no regular expression that can backtrack over a
 * run of slashes, and nothing longer than MAX_URL_LENGTH is looked at.
 */
export function normalizeBaseUrl(input: string): { url?: string; problem?: string } {
	const raw = String(input ?? '').trim();
	if (!raw) return { problem: 'is empty' };
	if (raw.length > MAX_URL_LENGTH)
		return { problem: `is longer than ${MAX_URL_LENGTH} characters` };
	if (!/^https?:\/\/[^/\s]+/i.test(raw)) {
		return { problem: `"${raw}" has no http:// or https:// scheme` };
	}
	let url = trimSlashes(raw);
	if (/\/v1\.0$/i.test(url)) url = url.slice(0, -'/v1.0'.length);
	if (!url.slice(url.indexOf('//') + 2).includes('/')) url += '/ATServicesRest';
	return { url: url + '/' };
}

function trimSlashes(text: string): string {
	let end = text.length;
	while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
	return text.slice(0, end);
}

export function zoneByValue(value: string) {
	return ZONES.find((z) => z.host === value);
}

/** What the credential's Zone setting says, in words, for error messages. */
export function describeZone(credentials: ICredentialDataDecryptedObject): string {
	const zone = String(credentials.zone ?? AUTO_DETECT);
	const url = String(credentials.zoneUrl ?? '');
	if (zone === AUTO_DETECT) {
		const name = credentials.zoneName ? ` ${String(credentials.zoneName)}` : '';
		return url ? `zone${name} (${url}, auto-detected from the username)` : 'the auto-detected zone';
	}
	if (zone === CUSTOM_URL) return `the Custom URL ${String(credentials.customUrl ?? '')}`;
	const known = zoneByValue(zone);
	return known ? `zone ${known.name} (https://${known.host}/ATServicesRest/)` : `zone ${zone}`;
}

/**
 * The API base URL for a fixed zone or Custom URL; undefined for Auto-Detect (that URL comes from the
 * zone lookup, see the credential's preAuthentication).
 */
export function fixedBaseUrl(credentials: ICredentialDataDecryptedObject): {
	url?: string;
	problem?: string;
} {
	const zone = String(credentials.zone ?? AUTO_DETECT);
	if (zone === AUTO_DETECT) return {};
	if (zone === CUSTOM_URL) {
		const n = normalizeBaseUrl(String(credentials.customUrl ?? ''));
		if (!n.url)
			return {
				problem: `The Custom URL ${n.problem}. Enter the API base URL, e.g. https://webservices14.autotask.net/ATServicesRest/`,
			};
		const insecure = insecureProblem(n.url, credentials.allowInsecureHttp === true);
		return insecure ? { problem: `The Custom URL ${insecure}.` } : n;
	}
	if (!zoneByValue(zone))
		return {
			problem: `The zone "${zone}" is not a known Autotask zone. Pick one from the list or use Custom URL.`,
		};
	return { url: `https://${zone}/ATServicesRest/` };
}

/**
 * The base URL a request made with the credential goes to: the fixed zone or Custom URL, or the zone URL
 * that Auto-Detect stored. The stored one is checked again (as a lookup answer), so a URL stored from a
 * bad answer, e.g. by an older release, is refused instead of receiving the credentials.
 */
export function requestBaseUrl(credentials: ICredentialDataDecryptedObject): {
	url?: string;
	problem?: string;
} {
	if (String(credentials.zone ?? AUTO_DETECT) !== AUTO_DETECT) return fixedBaseUrl(credentials);
	const stored = String(credentials.zoneUrl ?? '');
	if (!stored) return {};
	const lookup =
		normalizeBaseUrl(String(credentials.zoneLookupUrl || DEFAULT_ZONE_LOOKUP_URL)).url ??
		DEFAULT_ZONE_LOOKUP_URL;
	const refused = zoneAnswerProblem(stored, lookup);
	if (!refused) return { url: stored };
	return {
		problem: `The zone URL stored on the Autotask API credential was not used: ${refused}. Test the credential (or save it again) so that Auto-Detect asks Autotask again.`,
	};
}
