/**
 * Text that came from outside (a server's answer, an unsigned webhook call) made safe to put into a log
 * line or an error: control characters (newlines, escape sequences, the Unicode line separators) become
 * "?", and anything past `max` characters is cut and marked with an ellipsis. Linear in the input, and
 * only the first max + 1 characters are ever looked at.
 */
export function printable(value: unknown, max = 100): string {
	const text = typeof value === 'string' ? value : String(value);
	const head = text.length > max ? text.slice(0, max) : text;
	let out = '';
	for (const ch of head) {
		const code = ch.codePointAt(0) ?? 0;
		const control =
			code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0x2028 || code === 0x2029;
		out += control ? '?' : ch;
	}
	return text.length > max ? `${out}…` : out;
}
