import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { conditionsToFilter, type ConditionRow } from '../Autotask/helpers/conditions';
import { loadFields } from '../Autotask/helpers/metadata';
import { conditionNamesToIds } from '../Autotask/helpers/reference-conditions';
import type { CatalogEntry } from '../Autotask/catalog';

export type { ConditionRow };

/** Autotask conditions for the rows (AND), with values typed from the entity's metadata. */
export async function compileConditions(
	ctx: IPollFunctions,
	entity: CatalogEntry,
	rows: ConditionRow[],
): Promise<IDataObject[]> {
	const used = rows.filter((r) => r.field);
	if (!used.length) return [];
	const metadata = await loadFields(ctx, entity);
	// Names on reference fields (Company Equals "Fabrikam") become IDs; the filter is kept in static data.
	const named = await conditionNamesToIds(ctx, 0, used, metadata.fields, () => used);
	return conditionsToFilter(ctx.getNode(), named, metadata);
}
