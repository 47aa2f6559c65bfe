/**
 * Network failures in words. n8n replaces any error message that contains a Node error code
 * (ECONNREFUSED, …) with a generic text, which would hide what this package has to say.
 */
const WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ECONNABORTED: 'connection aborted',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ETIMEDOUT: 'no answer in time',
	EPIPE: 'connection closed while sending',
	ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

export function networkWords(code: string | undefined): string {
	if (!code) return 'no answer';
	return WORDS[code] ?? code.replace(/^E/, '').toLowerCase().replace(/_/g, ' ');
}

/** The error code of a failed request, whatever wrapped it. */
export function networkCode(error: unknown): string | undefined {
	const e = error as {
		code?: string;
		cause?: { code?: string; message?: string };
		message?: string;
	};
	const code = e?.code ?? e?.cause?.code;
	// axios reports its own timeout as ECONNABORTED "timeout of N ms exceeded"
	if (
		(!code || code === 'ECONNABORTED') &&
		/timeout|timed out/i.test(`${e?.message ?? ''} ${e?.cause?.message ?? ''}`)
	) {
		return 'ETIMEDOUT';
	}
	if (code && /^E[A-Z_]+$/.test(code)) return code;
	if (/timeout|socket hang up/i.test(e?.message ?? '')) return 'ETIMEDOUT';
	return undefined;
}
