import type { IDataObject } from 'n8n-workflow';

/**
 * The statuses that ask a client to go elsewhere; the package follows none of them, as following one
 * would send the credentials to the address it names.
 */
export function isRedirect(status: number | undefined): boolean {
	return status !== undefined && [301, 302, 303, 307, 308].includes(status);
}

/**
 * Where a redirect points, as a host for messages ("127.0.0.1:8443", "evil.example"). The Location is
 * parsed, never repeated: only the host (at most 100 characters) can appear, so no path, query or control
 * character the other side chose reaches the error or the log.
 */
export function redirectTarget(headers: IDataObject | undefined): string {
	const raw = headers?.location ?? headers?.Location;
	const location = Array.isArray(raw) ? raw[0] : raw;
	if (typeof location !== 'string' || !location.trim()) return 'an address it did not give';
	let url: URL;
	try {
		url = new URL(location.trim().slice(0, 4096), 'http://same-host.invalid/');
	} catch {
		return 'an address that is not a URL';
	}
	if (url.host === 'same-host.invalid') return 'another path on the same host';
	return url.host.length > 100 ? `${url.host.slice(0, 100)}…` : url.host;
}
