import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { conditionsToFilter, type ConditionRow } from '../Autotask/helpers/conditions';
import { loadFields } from '../Autotask/helpers/metadata';
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
	return conditionsToFilter(ctx.getNode(), used, await loadFields(ctx, entity));
}
