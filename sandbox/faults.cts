/**
 * The one fault injector: per-route rules for tests (status, 429, thread limit, resets, hangs, slow,
 * applied-then-dropped, applied-then-status, redirects, and a server that echoes the request headers).
 */

export type FaultAction =
	| 'status'
	| 'rate-limit'
	| 'thread-limit'
	| 'reset'
	| 'hang'
	| 'slow'
	| 'applied-then-dropped'
	| 'applied-then-status'
	| 'redirect'
	| 'echo';

export interface FaultRule {
	/** HTTP method to match; any when absent */
	method?: string;
	/** Regular expression (source text) tested case-insensitively against the request path, e.g. "/V1.0/Tickets/query" */
	path: string;
	/** Regular expression (source text) tested case-insensitively against the JSON request body, when given */
	bodyMatch?: string;
	action: FaultAction;
	/**
	 * For 'status': the status and optional body (default {"errors":["Injected fault"]}); "{{fired}}" in
	 * the body becomes how many times the rule has fired, so each answer can differ.
	 * For 'applied-then-status': the status (default 502) and body (default none) answered after the request was applied.
	 * For 'redirect': the status (default 302); for 'echo': the status (default 200).
	 */
	status?: number;
	body?: unknown;
	/** For 'redirect': the Location header */
	location?: string;
	/** For 'rate-limit': Retry-After seconds (omitted header when null) */
	retryAfter?: number | null;
	/** For 'slow': delay before the normal answer */
	delayMs?: number;
	/** Share of matching requests to hit, 0..1 (default 1), drawn from a seeded RNG */
	fraction?: number;
	seed?: number;
	/** Fire at most this many times */
	count?: number;
}

export interface ActiveFault extends FaultRule {
	id: number;
	fired: number;
}

// mulberry32: tiny deterministic RNG so fractional faults repeat run to run
function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private rules: Array<{ rule: ActiveFault; re: RegExp; bodyRe?: RegExp; rand: () => number }> = [];
	private nextId = 1;

	add(rule: FaultRule): number {
		const id = this.nextId++;
		const bodyRe = rule.bodyMatch ? new RegExp(rule.bodyMatch, 'i') : undefined;
		this.rules.push({
			rule: { ...rule, id, fired: 0 },
			re: new RegExp(rule.path, 'i'),
			bodyRe,
			rand: rng(rule.seed ?? id),
		});
		return id;
	}

	remove(id: number): void {
		this.rules = this.rules.filter((r) => r.rule.id !== id);
	}

	clear(): void {
		this.rules = [];
	}

	list(): ActiveFault[] {
		return this.rules.map((r) => ({ ...r.rule }));
	}

	/** First rule that matches and fires for this request, if any. */
	pick(method: string, path: string, body?: unknown): ActiveFault | undefined {
		for (const r of this.rules) {
			const f = r.rule;
			if (f.method && f.method.toUpperCase() !== method.toUpperCase()) continue;
			if (!r.re.test(path)) continue;
			if (r.bodyRe && !r.bodyRe.test(body === undefined ? '' : JSON.stringify(body))) continue;
			if (f.count !== undefined && f.fired >= f.count) continue;
			if (f.fraction !== undefined && f.fraction < 1 && r.rand() >= f.fraction) continue;
			f.fired++;
			return f;
		}
		return undefined;
	}
}
