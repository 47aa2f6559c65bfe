/**
 * JSON writer that reproduces .NET System.Text.Json's default escaping (Autotask signs the body as .NET wrote it),
 * so webhook bodies are byte-identical to what Autotask signs and sends.
 */

const SHORT: Record<number, string> = {
	0x08: '\\b',
	0x09: '\\t',
	0x0a: '\\n',
	0x0c: '\\f',
	0x0d: '\\r',
	0x5c: '\\\\',
};
// The HTML-sensitive characters the default JavaScriptEncoder escapes even though they are printable.
const ALWAYS = new Set(['"', '&', "'", '+', '<', '>', '`'].map((c) => c.charCodeAt(0)));

export function escapeDotnetString(s: string): string {
	let out = '"';
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (SHORT[c]) out += SHORT[c];
		else if (ALWAYS.has(c) || c < 0x20 || c > 0x7e)
			out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
		else out += s[i];
	}
	return out + '"';
}

/** Compact JSON in key order with .NET escaping; undefined members are skipped like JSON.stringify. */
export function dotnetStringify(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'string') return escapeDotnetString(value);
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (Array.isArray(value)) return '[' + value.map((v) => dotnetStringify(v)).join(',') + ']';
	if (typeof value === 'object') {
		const parts: string[] = [];
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			if (v === undefined) continue;
			parts.push(escapeDotnetString(k) + ':' + dotnetStringify(v));
		}
		return '{' + parts.join(',') + '}';
	}
	return 'null';
}
