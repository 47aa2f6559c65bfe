/**
 * Autotask's page links (pageDetails.nextPageUrl) come from the server; only their path and query under
 * the zone's /V1.0/ are used, so a link can never send the credentials to another host.
 */

/** Links longer than this are refused: Autotask's carry the query, but never this much. */
const MAX_PAGE_LINK_LENGTH = 16_384;

const PARSE_BASE = 'https://zone.invalid/ATServicesRest/';

/**
 * The path and query of a page link under the zone's /V1.0/ (e.g. /V1.0/Tickets/query/next?paging=…),
 * or undefined when the link is anything else. The link is parsed as a URL (relative links against the
 * zone), so dot segments, backslashes and protocol-relative forms are resolved before the check; the
 * host is dropped. Refused: other schemes, paths outside /V1.0/, and empty path segments ("//"), which
 * could become a protocol-relative URL once joined to the zone.
 */
export function pageLinkPath(link: unknown): string | undefined {
	if (typeof link !== 'string' || !link || link.length > MAX_PAGE_LINK_LENGTH) return undefined;
	let url: URL;
	try {
		url = new URL(link, PARSE_BASE);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
	let path = url.pathname;
	const base = /^\/atservicesrest(?=\/)/i.exec(path);
	if (base) path = path.slice(base[0].length);
	if (!/^\/v1\.0\/[^/]/i.test(path) || path.includes('//')) return undefined;
	return path + url.search;
}

/** The same page whatever host or letter case the link used (Autotask's paths ignore case). */
export function pageKey(path: string): string {
	const q = path.indexOf('?');
	return q < 0 ? path.toLowerCase() : path.slice(0, q).toLowerCase() + path.slice(q);
}
