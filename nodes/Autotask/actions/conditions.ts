import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UDF_PREFIX } from '../methods/resourceMapping';
import { isBoolean, isNumeric, type FieldInfo } from './metadata';

/**
 * The Conditions builder shared by Get Many, Count and the Poll Trigger: one row is a field, one of
 * Autotask's 13 operators and a value, typed from the tenant's field metadata.
 */
export const conditionValues: INodeProperties[] = [
	{
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getQueryFields', loadOptionsDependsOn: ['resource'] },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Operator',
		name: 'op',
		type: 'options',
		default: 'eq',
		options: [
			{ name: 'Begins With', value: 'beginsWith' },
			{ name: 'Contains', value: 'contains' },
			{ name: 'Ends With', value: 'endsWith' },
			{ name: 'Equals', value: 'eq' },
			{ name: 'Exists (Has a Value)', value: 'exist' },
			{ name: 'Greater Than', value: 'gt' },
			{ name: 'Greater Than or Equal', value: 'gte' },
			{ name: 'In List', value: 'in' },
			{ name: 'Less Than', value: 'lt' },
			{ name: 'Less Than or Equal', value: 'lte' },
			{ name: 'Not Equal', value: 'noteq' },
			{ name: 'Not Exists (Empty)', value: 'notExist' },
			{ name: 'Not In List', value: 'notIn' },
		],
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description: 'For In List and Not In List, separate values with commas',
	},
];

export interface ConditionRow {
	field?: string;
	op?: string;
	value?: unknown;
}

const NO_VALUE_OPS = new Set(['exist', 'notExist']);
const LIST_OPS = new Set(['in', 'notIn']);

function typed(node: INode, itemIndex: number | undefined, field: FieldInfo | undefined, name: string, raw: unknown) {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim();
	if (isNumeric(field)) {
		const n = Number(text);
		if (text === '' || !Number.isFinite(n)) {
			throw new NodeOperationError(node, `The value "${raw}" for ${name} is not a number`, {
				itemIndex,
				description: `${name} holds numbers in Autotask.`,
			});
		}
		return n;
	}
	if (isBoolean(field)) {
		if (!/^(true|false)$/i.test(text)) {
			throw new NodeOperationError(node, `The value "${raw}" for ${name} is not true or false`, { itemIndex });
		}
		return text.toLowerCase() === 'true';
	}
	return raw;
}

/** Autotask filter conditions for the builder's rows (rows without a field are skipped). */
export function conditionsToFilter(
	node: INode,
	rows: ConditionRow[],
	metadata: { fields: FieldInfo[]; udfs: FieldInfo[] },
	itemIndex?: number,
): IDataObject[] {
	const conditions = rows
		.filter((r) => r.field)
		.map((row) => {
			const rawField = String(row.field);
			const udf = rawField.startsWith(UDF_PREFIX);
			const name = udf ? rawField.slice(UDF_PREFIX.length) : rawField;
			const meta = (udf ? metadata.udfs : metadata.fields).find((f) => f.name.toLowerCase() === name.toLowerCase());
			const op = String(row.op ?? 'eq');
			const condition: IDataObject = { op, field: name };
			if (udf) condition.udf = true;
			if (LIST_OPS.has(op)) {
				condition.value = String(row.value ?? '')
					.split(',')
					.map((v) => v.trim())
					.filter((v) => v !== '')
					.map((v) => typed(node, itemIndex, meta, name, v)) as IDataObject[];
			} else if (!NO_VALUE_OPS.has(op)) {
				condition.value = typed(node, itemIndex, meta, name, row.value ?? '') as string;
			}
			return condition;
		});
	const udfCount = conditions.filter((c) => c.udf === true).length;
	if (udfCount > 1) {
		throw new NodeOperationError(node, `The filter has ${udfCount} user-defined field conditions`, {
			itemIndex,
			description: 'Autotask allows one user-defined field per query. Keep one and filter the rest in a later node.',
		});
	}
	return conditions;
}
