import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { writeRecord } from '../../../helpers/record-body';
import { createUnlessMatched, executeMatching, type MatchResult } from './match-run';

/** Create or Update takes Match On and If Several Match (matching.description.ts), Fields and the write options. */

/**
 * Create or Update of item i, given the records that match it: none → create; one → update it (PATCH
 * with its ID); several → an error listing them, or, with If Several Match: Update All, each updated.
 */
async function resolve(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	matches: IDataObject[],
): Promise<MatchResult[]> {
	const created = await createUnlessMatched(
		ctx,
		i,
		entity,
		matches,
		'updateAll',
		'Match on more fields so one record matches, or set If Several Match to Update All.',
	);
	if (created) return created;
	const out: MatchResult[] = [];
	for (const match of matches) {
		const [json] = await writeRecord(ctx, i, entity, 'update', Number(match.id)).catch(
			(error: unknown) => Promise.reject(updatedBefore(error, out)),
		);
		out.push({ json, action: 'updated' });
	}
	return out;
}

/** A refused update of Update All after others went through: it says which, so they are not updated twice. */
function updatedBefore(error: unknown, done: MatchResult[]): unknown {
	if (done.length && error && typeof error === 'object') {
		const e = error as { description?: string | null };
		const ids = done.map((o) => o.json.itemId).join(', ');
		e.description =
			`${e.description ?? ''} ID${done.length > 1 ? 's' : ''} ${ids} of the matching records ${done.length > 1 ? 'were' : 'was'} updated before this one: check them in Autotask before running the item again.`.trim();
	}
	return error;
}

/** Create or Update for all items: matches read in batches, then each item's create or update. */
export async function executeAll(this: IExecuteFunctions, entity: CatalogEntry, count: number) {
	return await executeMatching(this, entity, 'createOrUpdate', count, resolve);
}
