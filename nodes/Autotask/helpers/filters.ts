import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { conditionsToFilter, type ConditionRow } from './conditions';
import { EXAMPLE, checkJsonFilter } from './json-filter';
import { loadFields } from './metadata';
import { conditionNamesToIds } from './reference-conditions';

/** Autotask's filter for "every record": it refuses a query without a filter. */
export const MATCH_ALL: IDataObject[] = [{ op: 'gte', field: 'id', value: 0 }];

function fail(ctx: IExecuteFunctions, i: number, message: string, description: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** The filter from the Conditions builder or the JSON field; match-all when empty. */
export async function buildFilter(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	parentId?: string,
): Promise<IDataObject[]> {
	const mode = ctx.getNodeParameter('filterMode', i, 'conditions') as string;
	if (mode === 'json') {
		const filter = parseJsonFilter(ctx, i);
		if (!filter.length) return MATCH_ALL;
		// Shape and limits first (no request), then fields and labels against the metadata.
		checkLimits(ctx, i, checkJsonFilter(ctx, i, entity, filter, { fields: [], udfs: [] }));
		return checkJsonFilter(ctx, i, entity, filter, await loadFields(ctx, entity, parentId));
	}
	const rowsOf = (j: number) =>
		((ctx.getNodeParameter('conditions.condition', j, []) as ConditionRow[]) ?? []).filter(
			(r) => r.field,
		);
	if (!rowsOf(i).length) return MATCH_ALL;
	const metadata = await loadFields(ctx, entity, parentId);
	// Names on reference fields become IDs first (all items' names in one lookup per entity).
	const rows = await conditionNamesToIds(ctx, i, rowsOf(i), metadata.fields, rowsOf);
	const items = conditionsToFilter(ctx.getNode(), rows, metadata, i);
	const combine = ctx.getNodeParameter('combine', i, 'and') as string;
	const filter = combine === 'or' && items.length > 1 ? [{ op: 'or', items }] : items;
	checkLimits(ctx, i, filter);
	return filter;
}

function parseJsonFilter(ctx: IExecuteFunctions, i: number): IDataObject[] {
	let value = ctx.getNodeParameter('filterJson', i, '') as unknown;
	if (typeof value === 'string') {
		try {
			value = value.trim() ? JSON.parse(value) : [];
		} catch {
			fail(ctx, i, 'Filter (JSON) is not valid JSON', `Give an array such as ${EXAMPLE}.`);
		}
	}
	if (
		value &&
		typeof value === 'object' &&
		!Array.isArray(value) &&
		Array.isArray((value as IDataObject).filter)
	) {
		value = (value as IDataObject).filter; // a whole query body pasted in
	}
	return (Array.isArray(value) ? value : [value]).filter(
		(v) => v !== null && v !== undefined,
	) as IDataObject[];
}

/** Autotask's documented query limits: one UDF condition, at most 500 OR conditions. */
function checkLimits(ctx: IExecuteFunctions, i: number, filter: IDataObject[]) {
	let udfCount = 0;
	let orCount = 0;
	const walk = (list: IDataObject[]) => {
		for (const f of list) {
			if (f.udf === true) udfCount++;
			const children = f.items as IDataObject[] | undefined;
			if (Array.isArray(children)) {
				if (String(f.op).toLowerCase() === 'or') orCount += children.length;
				walk(children);
			}
		}
	};
	walk(filter);
	if (udfCount > 1) {
		fail(
			ctx,
			i,
			`The filter has ${udfCount} user-defined field conditions`,
			'Autotask allows one user-defined field per query. Keep one and filter the rest in a later node.',
		);
	}
	if (orCount > 500) {
		fail(
			ctx,
			i,
			`The filter has ${orCount} OR conditions`,
			'Autotask allows at most 500. Use the In List operator, or split the query.',
		);
	}
}
