import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isBoolean, isNumeric, loadFields, type FieldInfo } from '../Autotask/actions/metadata';
import type { CatalogEntry } from '../Autotask/catalog';
import { UDF_PREFIX } from '../Autotask/methods/resourceMapping';

/*
 * The Conditions builder of Get Many, reduced to AND (records.ts keeps its buildFilter private, so the
 * conversion of a row to an Autotask condition is repeated here).
 */

const NO_VALUE_OPS = new Set(['exist', 'notExist']);
const LIST_OPS = new Set(['in', 'notIn']);

export interface ConditionRow {
	field?: string;
	op?: string;
	value?: string;
}

function convert(ctx: IPollFunctions, field: FieldInfo | undefined, name: string, raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim();
	if (isNumeric(field)) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) {
			throw new NodeOperationError(ctx.getNode(), `The value "${raw}" for ${name} is not a number`, {
				description: `${name} holds numbers in Autotask.`,
			});
		}
		return n;
	}
	if (isBoolean(field)) {
		if (!/^(true|false)$/i.test(text)) {
			throw new NodeOperationError(ctx.getNode(), `The value "${raw}" for ${name} is not true or false`);
		}
		return text.toLowerCase() === 'true';
	}
	return raw;
}

/** Autotask conditions for the rows, with values typed from the entity's metadata. */
export async function compileConditions(
	ctx: IPollFunctions,
	entity: CatalogEntry,
	rows: ConditionRow[],
): Promise<IDataObject[]> {
	const used = rows.filter((r) => r.field);
	if (!used.length) return [];
	const { fields, udfs } = await loadFields(ctx, entity);
	const conditions = used.map((row) => {
		const rawField = String(row.field);
		const udf = rawField.startsWith(UDF_PREFIX);
		const name = udf ? rawField.slice(UDF_PREFIX.length) : rawField;
		const meta = (udf ? udfs : fields).find((f) => f.name.toLowerCase() === name.toLowerCase());
		const op = String(row.op ?? 'eq');
		const condition: IDataObject = { op, field: name };
		if (udf) condition.udf = true;
		if (LIST_OPS.has(op)) {
			condition.value = String(row.value ?? '')
				.split(',')
				.map((v) => v.trim())
				.filter((v) => v !== '')
				.map((v) => convert(ctx, meta, name, v)) as IDataObject[];
		} else if (!NO_VALUE_OPS.has(op)) {
			condition.value = convert(ctx, meta, name, row.value ?? '') as string;
		}
		return condition;
	});
	if (conditions.filter((c) => c.udf === true).length > 1) {
		throw new NodeOperationError(ctx.getNode(), 'The conditions use more than one user-defined field', {
			description: 'Autotask allows one user-defined field per query. Keep one and filter the rest in a later node.',
		});
	}
	return conditions;
}
