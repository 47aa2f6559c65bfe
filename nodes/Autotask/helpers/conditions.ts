import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UDF_PREFIX } from './field-labels';
import {
	PicklistLabelError,
	isPicklist,
	parentValueOf,
	picklistValue,
} from '../helpers/picklist-labels';
import { isBoolean, isNumeric, type FieldInfo } from './metadata';

/** Field list values of picklist fields carry this prefix, so the Value shows the picklist's labels. */
export const PICKLIST_PREFIX = 'picklist:';

/**
 * The Conditions builder shared by Get Many, Count and the Poll Trigger: one row is a field, one of
 * Autotask's 13 operators and a value, typed from the tenant's field metadata.
 */
export const conditionValues: INodeProperties[] = [
	{
		displayName: 'Field Name or ID',
		name: 'field',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConditionFields', loadOptionsDependsOn: ['resource'] },
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
		description:
			'For In List and Not In List, separate values with commas. A picklist field also takes its labels (e.g. High), a reference field a name (e.g. a company name, a resource email, a ticket number).',
		displayOptions: { hide: { field: [{ _cnd: { startsWith: PICKLIST_PREFIX } }] } },
	},
	{
		displayName: 'Value Names or IDs',
		name: 'picklistValues',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getConditionPicklistValues',
			loadOptionsDependsOn: ['&field'],
		},
		default: [],
		description:
			'The picklist values to match; several make Equals an In List. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: {
			show: { field: [{ _cnd: { startsWith: PICKLIST_PREFIX } }] },
			hide: { op: ['exist', 'notExist'] },
		},
	},
];

export interface ConditionRow {
	field?: string;
	op?: string;
	value?: unknown;
	picklistValues?: unknown;
}

const NO_VALUE_OPS = new Set(['exist', 'notExist']);
const LIST_OPS = new Set(['in', 'notIn']);

function typed(
	node: INode,
	itemIndex: number | undefined,
	field: FieldInfo | undefined,
	name: string,
	raw: unknown,
	parentValue?: string,
) {
	if (isPicklist(field)) {
		try {
			return picklistValue(field, raw, name, parentValue);
		} catch (error) {
			const problem = error as PicklistLabelError;
			throw new NodeOperationError(node, problem.message, { itemIndex, description: problem.fix });
		}
	}
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
			throw new NodeOperationError(node, `The value "${raw}" for ${name} is not true or false`, {
				itemIndex,
			});
		}
		return text.toLowerCase() === 'true';
	}
	return raw;
}

/** The field a row names: its API name, whether it is a UDF, and its metadata. */
function rowField(row: ConditionRow, metadata: { fields: FieldInfo[]; udfs: FieldInfo[] }) {
	const rawField = String(row.field).trim().replace(PICKLIST_PREFIX, '');
	const udf = rawField.startsWith(UDF_PREFIX);
	const name = udf ? rawField.slice(UDF_PREFIX.length) : rawField;
	const meta = (udf ? metadata.udfs : metadata.fields).find(
		(f) => f.name.toLowerCase() === name.toLowerCase(),
	);
	return { name, udf, meta };
}

/** The values a row gives: the picked picklist values, or the Value text (a comma list for In List). */
function rowValues(row: ConditionRow, list: boolean): unknown[] {
	const picked = row.picklistValues;
	if (Array.isArray(picked) && picked.length) return picked;
	if (typeof picked === 'string' && picked.trim()) return picked.split(',').map((v) => v.trim());
	if (!list) return [row.value ?? ''];
	return String(row.value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

/**
 * Autotask filter conditions for the builder's rows (rows without a field are skipped). Picklist
 * values may be labels; a dependent picklist's labels are looked up under the value its parent field
 * is compared with (Equals) in another row.
 */
export function conditionsToFilter(
	node: INode,
	rows: ConditionRow[],
	metadata: { fields: FieldInfo[]; udfs: FieldInfo[] },
	itemIndex?: number,
): IDataObject[] {
	const used = rows.filter((r) => r.field);
	const equals: Record<string, unknown> = {};
	for (const row of used) {
		const { name } = rowField(row, metadata);
		if ((row.op ?? 'eq') === 'eq') equals[name] = rowValues(row, false)[0];
	}
	const conditions = used.map((row) => {
		const { name, udf, meta } = rowField(row, metadata);
		let op = String(row.op ?? 'eq');
		const condition: IDataObject = { op, field: name };
		if (udf) condition.udf = true;
		if (NO_VALUE_OPS.has(op)) return condition;
		const parent = meta ? parentValueOf(meta, equals, metadata.fields) : undefined;
		const values = rowValues(row, LIST_OPS.has(op)).map((v) =>
			typed(node, itemIndex, meta, name, v, parent),
		);
		// Several picked values on Equals / Not Equal mean In List / Not In List.
		if (values.length > 1 && (op === 'eq' || op === 'noteq')) op = op === 'eq' ? 'in' : 'notIn';
		condition.op = op;
		condition.value = (LIST_OPS.has(op) ? values : values[0]) as IDataObject;
		return condition;
	});
	const udfCount = conditions.filter((c) => c.udf === true).length;
	if (udfCount > 1) {
		throw new NodeOperationError(node, `The filter has ${udfCount} user-defined field conditions`, {
			itemIndex,
			description:
				'Autotask allows one user-defined field per query. Keep one and filter the rest in a later node.',
		});
	}
	return conditions;
}
