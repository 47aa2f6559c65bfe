/**
 * Runs Create or Update and Find or Create over all items: every item's match first (checked before
 * anything is sent), then the matching records of all items with batched queries, then each item's
 * write, 3 in flight like the other writes. Items with the same match run one after another, so a
 * record the first creates is what the next one updates or finds: no duplicates within one run.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { previewAction } from '../../../helpers/preview';
import { readBackWritten } from '../../../helpers/read-back';
import { writeRecord } from '../../../helpers/record-body';
import type { Verb } from '../../../helpers/routes';
import { runItems, type ItemOutcome } from '../../../helpers/run-items';
import { MAX_IN_FLIGHT } from '../../../transport/limiter';
import { findMatches, itemMatch, severalMatch, type ItemMatch } from './matching';

export interface MatchResult {
	json: IDataObject;
	action: 'created' | 'updated' | 'found';
}

/** What a verb does with the records that match item i (sorted by ID, oldest first). */
export type Resolve = (
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	matches: IDataObject[],
) => Promise<MatchResult[]>;

/**
 * What both verbs do before their own part: no match → item i's record is created; several matches
 * while If Several Match is not `allowed` → an error listing them (with `fix`); otherwise undefined.
 */
export async function createUnlessMatched(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	matches: IDataObject[],
	allowed: string,
	fix: string,
): Promise<MatchResult[] | undefined> {
	if (!matches.length)
		return [{ json: (await writeRecord(ctx, i, entity, 'create'))[0], action: 'created' }];
	if (matches.length > 1 && ctx.getNodeParameter('ifSeveralMatch', i, 'fail') !== allowed)
		severalMatch(ctx, i, entity, matches, fix);
	return undefined;
}

type Outcomes = Array<ItemOutcome<INodeExecutionData[]>>;
type Planned = ItemMatch | { error: unknown };

/** Only item i's error: the node stops on it before anything is written. */
function stopAt(count: number, i: number, error: unknown): Outcomes {
	return Array.from({ length: count }, (_, n) => (n === i ? { error } : { skipped: true }));
}

async function planAll(ctx: IExecuteFunctions, entity: CatalogEntry, verb: Verb, count: number) {
	const plans: Planned[] = [];
	for (let i = 0; i < count; i++) {
		try {
			plans.push(await itemMatch(ctx, i, entity, verb));
		} catch (error) {
			plans.push({ error });
			if (!ctx.continueOnFail()) break;
		}
	}
	return plans;
}

/** The matching records of every group of items, or the error of the group's query. */
async function queryGroups(ctx: IExecuteFunctions, entity: CatalogEntry, plans: Planned[]) {
	const groups = new Map<string, ItemMatch[]>();
	for (const p of plans) {
		if ('error' in p) continue;
		if (!groups.has(p.group)) groups.set(p.group, []);
		groups.get(p.group)!.push(p);
	}
	const found = new Map<string, Map<string, IDataObject[]> | { error: unknown }>();
	for (const [group, members] of groups) {
		try {
			found.set(group, await findMatches(ctx, entity, members));
		} catch (error) {
			found.set(group, { error });
			if (!ctx.continueOnFail()) break;
		}
	}
	return found;
}

export async function executeMatching(
	ctx: IExecuteFunctions,
	entity: CatalogEntry,
	verb: Verb,
	count: number,
	resolve: Resolve,
): Promise<Outcomes> {
	const stop = !ctx.continueOnFail();
	const plans = await planAll(ctx, entity, verb, count);
	const bad = plans.findIndex((p) => 'error' in p);
	if (stop && bad >= 0) return stopAt(count, bad, (plans[bad] as { error: unknown }).error);
	const found = await queryGroups(ctx, entity, plans);
	const actions: Array<MatchResult['action'][]> = [];
	const chains = new Map<string, Promise<unknown>>();
	const task = async (i: number): Promise<INodeExecutionData[]> => {
		const plan = plans[i];
		if ('error' in plan) throw plan.error;
		const records = found.get(plan.group);
		if (!records || 'error' in records) throw records?.error;
		const chain = `${plan.group}\u0000${plan.key}`;
		const mine = (chains.get(chain) ?? Promise.resolve()).then(async () => {
			const out = await resolve(ctx, i, entity, records.get(plan.key) ?? []);
			const created = out.find((r) => r.action === 'created');
			// The next item with this match finds the new record (read back by its itemId). A preview
			// creates nothing: each item is previewed against the records Autotask holds now.
			if (created && created.json.preview !== true)
				records.set(plan.key, [{ id: created.json.itemId, itemId: created.json.itemId }]);
			actions[i] = out.map((r) => r.action);
			return out.map((r) => ({ json: r.json, pairedItem: { item: i } }));
		});
		chains.set(
			chain,
			mine.catch(() => undefined),
		);
		return await mine;
	};
	const failedQuery = plans.findIndex((p) => {
		const r = 'error' in p ? undefined : found.get(p.group);
		return !r || 'error' in r;
	});
	if (stop && failedQuery >= 0)
		return stopAt(
			count,
			failedQuery,
			(found.get((plans[failedQuery] as ItemMatch).group) as { error: unknown })?.error,
		);
	const outcomes = await runItems(count, MAX_IN_FLIGHT, stop, task);
	if (!stop || outcomes.every((o) => o.error === undefined))
		await readBackWritten(ctx, entity, outcomes);
	// A preview says what it would do: create or update.
	outcomes.forEach((o, i) =>
		o.value?.forEach((v, k) => (v.json.action = previewAction(actions[i][k], v.json))),
	);
	return outcomes;
}
