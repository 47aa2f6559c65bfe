import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { createUnlessMatched, executeMatching, type MatchResult } from './match-run';

/** Find or Create takes Match On and If Several Match (matching.description.ts), Fields and the write options. */

/**
 * Find or Create of item i, given the records that match it (oldest first): one → that record, as
 * found; none → create; several → an error listing them, or the oldest with If Several Match: Use the
 * Oldest. It never changes a record it finds.
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
		'oldest',
		'Match on more fields (or add Also Require conditions) so one record matches, or set If Several Match to Use the Oldest.',
	);
	if (created) return created;
	return [{ json: { ...matches[0] }, action: 'found' }];
}

/** Find or Create for all items: matches read in batches, then each item's record found or created. */
export async function executeAll(this: IExecuteFunctions, entity: CatalogEntry, count: number) {
	return await executeMatching(this, entity, 'findOrCreate', count, resolve);
}
