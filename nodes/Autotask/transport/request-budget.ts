/**
 * The requests an execution sent to Autotask, per entity, so a user sees what a run
 * cost against Autotask's hourly limit without server logs. Every attempt counts, retries included,
 * because Autotask counts each of them; zone lookups do not go through here and are not limited.
 */

/** Autotask's hourly request limit per database, shared by every integration. */
export const HOURLY_REQUEST_LIMIT = 10_000;

/** Entity (as its path spells it) → requests, per node context (one execution of the node). */
const budgets = new WeakMap<object, Map<string, number>>();

/** The entity part of a path (/V1.0/Tickets/query → Tickets); child paths count for their parent. */
function entityName(path: string): string {
	return /\/v1\.0\/([^/?]+)/i.exec(path)?.[1] ?? 'Other';
}

/** Counts one request of this context. */
export function countRequest(ctx: object, path: string): void {
	let budget = budgets.get(ctx);
	if (!budget) {
		budget = new Map();
		budgets.set(ctx, budget);
	}
	const name = entityName(path);
	const key = [...budget.keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
	budget.set(key, (budget.get(key) ?? 0) + 1);
}

/** The requests of this context so far, per entity, most first. */
export function requestsSpent(ctx: object): Array<{ entity: string; requests: number }> {
	return [...(budgets.get(ctx) ?? new Map<string, number>())]
		.map(([entity, requests]) => ({ entity, requests }))
		.sort((a, b) => b.requests - a.requests || a.entity.localeCompare(b.entity));
}

/** "Tickets 21, Companies 1": undefined when nothing was sent. */
export function budgetText(ctx: object): string | undefined {
	const spent = requestsSpent(ctx);
	if (!spent.length) return undefined;
	return spent.map((s) => `${s.entity} ${s.requests.toLocaleString('en-US')}`).join(', ');
}

interface HintTarget {
	addExecutionHints?: (...hints: Array<{ message: string; location?: 'outputPane' }>) => void;
}

/**
 * Shows the execution's requests as an n8n execution hint below the output, e.g. "Autotask requests
 * this execution: Tickets 21, Companies 1 (of 10,000 per hour shared by all integrations of your
 * Autotask database)". Called once, at the end of execute. A context without addExecutionHints (an
 * older n8n) gets none; the count is kept all the same.
 */
export function reportRequestBudget(ctx: object): void {
	const text = budgetText(ctx);
	const target = ctx as HintTarget;
	if (!text || typeof target.addExecutionHints !== 'function') return;
	const limit = HOURLY_REQUEST_LIMIT.toLocaleString('en-US');
	target.addExecutionHints({
		message: `Autotask requests this execution: ${text} (of ${limit} per hour shared by all integrations of your Autotask database)`,
		location: 'outputPane',
	});
}
