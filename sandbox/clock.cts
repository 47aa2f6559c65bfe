/** Autotask date formats: records carry UTC without a zone suffix, callouts use ISO with Z. */
export function atNow(ms = Date.now()): string {
	return new Date(ms).toISOString().replace('Z', '');
}

export function eventTime(ms = Date.now()): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses an Autotask-style date; strings without a zone are UTC. */
export function parseAtDate(v: unknown): number {
	if (typeof v !== 'string') return NaN;
	const s = /[zZ]|[+-]\d\d:?\d\d$/.test(v) || /^\d{4}-\d\d-\d\d$/.test(v) ? v : v + 'Z';
	return Date.parse(s);
}
