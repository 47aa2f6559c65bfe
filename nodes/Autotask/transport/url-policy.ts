import { printable } from './safe-text';

/**
 * Which URLs the credential may send the Username, Secret and API Tracking Identifier to: Autotask's
 * own hosts over https always; plain http only to this machine (the sandbox, a local test server)
 * unless the credential's Allow Insecure HTTP option is on.
 */

/** Autotask's API hosts: webservices{N}.autotask.net and the pre-release hosts prde and pres. */
function isAutotaskHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return (
		/^webservices\d{1,3}\.autotask\.net$/.test(host) ||
		host === 'prde.autotask.net' ||
		host === 'pres.autotask.net'
	);
}

/** This machine: localhost, 127.0.0.0/8 or ::1 (a URL's hostname, IPv6 in brackets). */
function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function parse(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/**
 * Why a URL the user entered (Custom URL, Zone Lookup URL) may not be used, or undefined when it may:
 * http:// is refused for any host but this machine unless Allow Insecure HTTP is on.
 */
export function insecureProblem(url: string, allowInsecureHttp: boolean): string | undefined {
	const parsed = parse(url);
	if (!parsed) return 'is not a valid URL';
	if (parsed.username || parsed.password) return 'must not contain a user name or password';
	if (parsed.protocol === 'https:' || allowInsecureHttp || isLoopbackHost(parsed.hostname))
		return undefined;
	return `uses plain http:// to ${parsed.hostname}, which would send the Username, Secret and API Tracking Identifier unencrypted. Use https://, or switch on Allow Insecure HTTP if this is a test server on a network you trust`;
}

/**
 * Why the URL a zone lookup answered may not be used, or undefined when it may. Only https:// on an
 * Autotask host is accepted. A lookup on this machine (the sandbox) may also answer a URL on this
 * machine, over http or https: whoever runs that lookup already controls this machine.
 */
export function zoneAnswerProblem(answer: string, lookupUrl: string): string | undefined {
	const zone = parse(answer);
	const shown = `"${printable(answer, 100)}"`;
	if (!zone || (zone.protocol !== 'https:' && zone.protocol !== 'http:'))
		return `${shown} is not an http(s) URL`;
	if (zone.username || zone.password) return `${shown} contains a user name or password`;
	const lookup = parse(lookupUrl);
	if (lookup && isLoopbackHost(lookup.hostname) && isLoopbackHost(zone.hostname)) return undefined;
	if (zone.protocol !== 'https:') return `${shown} is not an https:// URL`;
	if (!isAutotaskHost(zone.hostname) || (zone.port !== '' && zone.port !== '443')) {
		return `${shown} is not on an Autotask API host (webservicesN.autotask.net)`;
	}
	return undefined;
}
