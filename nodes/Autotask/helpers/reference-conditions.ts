import { PICKLIST_PREFIX, type ConditionRow } from './conditions';
import type { FieldInfo } from './metadata';
import {
	itemIndexes,
	referenceField,
	resolveNames,
	type NameContext,
	type NameRef,
} from './reference-lookup';
import { isName } from './reference-names';

/** Operators whose value may be a name: compared as the record's ID. */
const NAME_OPS = new Set(['eq', 'noteq', 'in', 'notIn']);
const LIST_OPS = new Set(['in', 'notIn']);

/** Each value of a row (a comma list for In List) with whether it is a name to look up. */
function rowValues(row: ConditionRow): string[] {
	const op = String(row.op ?? 'eq');
	const text = String(row.value ?? '');
	return LIST_OPS.has(op) ? text.split(',').map((v) => v.trim()) : [text.trim()];
}

/** The names the rows give to reference fields (Company Equals "Fabrikam"). */
function rowRefs(rows: ConditionRow[], fields: FieldInfo[]): NameRef[] {
	return rows.flatMap((row) => {
		const field = referenceField(fields, String(row.field ?? '').replace(PICKLIST_PREFIX, ''));
		if (!field || !NAME_OPS.has(String(row.op ?? 'eq'))) return [];
		return rowValues(row)
			.filter((v) => isName(v, field.referenceEntityType))
			.map((name) => ({ key: field.name, model: field.referenceEntityType!, name }));
	});
}

/**
 * Conditions with names on reference fields turned into IDs (companyID Equals "Fabrikam" → 5), the
 * names of all items looked up together (one query per referenced entity). `rowsOf(j)` gives item j's rows.
 */
export async function conditionNamesToIds(
	ctx: NameContext,
	i: number,
	rows: ConditionRow[],
	fields: FieldInfo[],
	rowsOf: (j: number) => ConditionRow[],
): Promise<ConditionRow[]> {
	const refs = rowRefs(rows, fields);
	if (!refs.length) return rows;
	const gatherAll = () =>
		itemIndexes(ctx).flatMap((j) => {
			try {
				return rowRefs(rowsOf(j), fields);
			} catch {
				return [];
			}
		});
	const ids = await resolveNames(ctx, i, refs, 'conditions', gatherAll);
	let next = 0;
	return rows.map((row) => {
		if (!rowRefs([row], fields).length) return row;
		const field = referenceField(fields, String(row.field ?? '').replace(PICKLIST_PREFIX, ''));
		const values = rowValues(row).map((v) =>
			isName(v, field?.referenceEntityType) ? String(ids[next++]) : v,
		);
		return { ...row, value: values.join(',') };
	});
}
