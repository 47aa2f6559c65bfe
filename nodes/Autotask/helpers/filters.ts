import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { conditionsToFilter, type ConditionRow } from './conditions';
import { isBoolean, isNumeric, loadFields, type EntityFields, type FieldInfo } from './metadata';
import { PicklistLabelError, isPicklist, parentValueOf, picklistValue } from './picklist-labels';

/** Autotask's filter for "every record": it refuses a query without a filter. */
export const MATCH_ALL: IDataObject[] = [{ op: 'gte', field: 'id', value: 0 }];

/** Autotask's query operators (case as Autotask documents them; compared case-insensitively). */
const FIELD_OPS = [
	'eq',
	'noteq',
	'gt',
	'gte',
	'lt',
	'lte',
	'beginsWith',
	'endsWith',
	'contains',
	'exist',
	'notExist',
	'in',
	'notIn',
];
const GROUP_OPS = ['and', 'or'];
const KNOWN = new Map([...FIELD_OPS, ...GROUP_OPS].map((op) => [op.toLowerCase(), op]));
const NO_VALUE = new Set(['exist', 'notexist']);
const LIST = new Set(['in', 'notin']);
const EXAMPLE = 'e.g. [{"op":"eq","field":"status","value":"Complete"}]';

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
	const rows = (
		(ctx.getNodeParameter('conditions.condition', i, []) as ConditionRow[]) ?? []
	).filter((r) => r.field);
	if (!rows.length) return MATCH_ALL;
	const items = conditionsToFilter(ctx.getNode(), rows, await loadFields(ctx, entity, parentId), i);
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

/**
 * Checks a JSON filter before it is sent, as Autotask would not: an unknown operator (Autotask
 * ignores it and returns every record), and/or without items, a value of the wrong shape, an unknown or
 * unqueryable field. Picklist values given as labels become Autotask's values. Returns the filter to send.
 */
export function checkJsonFilter(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	filter: IDataObject[],
	metadata: EntityFields,
): IDataObject[] {
	const walk = (list: IDataObject[], path: string): IDataObject[] => {
		const equals = siblingsEqual(list);
		return list.map((f, n) => checkCondition(f, `${path}[${n}]`, equals));
	};
	const checkCondition = (
		f: IDataObject,
		at: string,
		equals: Record<string, unknown>,
	): IDataObject => {
		if (!f || typeof f !== 'object' || Array.isArray(f) || typeof f.op !== 'string') {
			fail(
				ctx,
				i,
				`Filter condition ${at} has no "op"`,
				`Each condition is an object with an operator, ${EXAMPLE}.`,
			);
		}
		const op = KNOWN.get(f.op.toLowerCase());
		if (!op) {
			fail(
				ctx,
				i,
				`Filter condition ${at} has the unknown operator "${f.op}"`,
				`Autotask's operators are ${FIELD_OPS.join(', ')}, and and/or with "items". Autotask would ignore an unknown one and return every record.`,
			);
		}
		if (GROUP_OPS.includes(op)) {
			const items = f.items;
			if (!Array.isArray(items) || items.length === 0) {
				fail(
					ctx,
					i,
					`Filter condition ${at} ("${op}") has no items`,
					`Put the conditions it combines in "items", e.g. {"op":"${op}","items":[{"op":"eq","field":"status","value":1},{"op":"eq","field":"status","value":5}]}.`,
				);
			}
			return { ...f, op, items: walk(items as IDataObject[], `${at}.items`) };
		}
		return checkFieldCondition(f, op, at, equals);
	};
	const checkFieldCondition = (
		f: IDataObject,
		op: string,
		at: string,
		equals: Record<string, unknown>,
	): IDataObject => {
		if (typeof f.field !== 'string' || !f.field.trim()) {
			fail(
				ctx,
				i,
				`Filter condition ${at} has no "field"`,
				`Name the field to compare, ${EXAMPLE}.`,
			);
		}
		const field = knownField(f, at);
		const lower = op.toLowerCase();
		if (NO_VALUE.has(lower)) return { ...f, op };
		if (LIST.has(lower)) {
			if (!Array.isArray(f.value) || f.value.length === 0) {
				fail(
					ctx,
					i,
					`Filter condition ${at} ("${op}") needs a list of values`,
					`Give "value" as a non-empty array, e.g. {"op":"${op}","field":"${f.field}","value":[1,5]}.`,
				);
			}
			return {
				...f,
				op,
				value: (f.value as unknown[]).map((v) => scalar(field, v, at, equals)) as IDataObject[],
			};
		}
		if (
			f.value === undefined ||
			Array.isArray(f.value) ||
			(f.value !== null && typeof f.value === 'object')
		) {
			fail(
				ctx,
				i,
				`Filter condition ${at} ("${op}") needs one value`,
				`Give "value" as a single text, number or true/false${Array.isArray(f.value) ? ', or use "in" for a list' : ''}.`,
			);
		}
		return { ...f, op, value: scalar(field, f.value, at, equals) as string };
	};
	const knownField = (f: IDataObject, at: string): FieldInfo | undefined => {
		if (!metadata.fields.length) return undefined; // no metadata: Autotask is the judge
		const list = f.udf === true ? metadata.udfs : metadata.fields;
		const known = list.find((m) => m.name.toLowerCase() === String(f.field).toLowerCase());
		if (!known) {
			const kind = f.udf === true ? 'user-defined field' : 'field';
			fail(
				ctx,
				i,
				`${entity.label} has no ${kind} "${String(f.field)}" to filter on (condition ${at})`,
				`Filter (JSON) names fields as Autotask does; the API resource's Get Field Info lists them.${f.udf === true ? '' : ' A user-defined field needs "udf": true.'}`,
			);
		}
		if (known.isQueryable === false) {
			fail(
				ctx,
				i,
				`${known.name} of ${entity.label} cannot be used in a filter`,
				'Autotask does not allow queries on this field; filter on another field, or filter the results in a later node.',
			);
		}
		return known;
	};
	const typedScalar = (field: FieldInfo | undefined, value: unknown, at: string): unknown => {
		const text = typeof value === 'string' ? value.trim() : undefined;
		if (text !== undefined && isNumeric(field) && (text === '' || !Number.isFinite(Number(text)))) {
			fail(
				ctx,
				i,
				`Filter condition ${at}: "${value as string}" is not a number`,
				`${field!.name} holds numbers in Autotask.`,
			);
		}
		if (text !== undefined && isBoolean(field) && !/^(true|false)$/i.test(text)) {
			fail(
				ctx,
				i,
				`Filter condition ${at}: "${value as string}" is not true or false`,
				`${field!.name} is a yes/no field.`,
			);
		}
		return value;
	};
	const scalar = (
		field: FieldInfo | undefined,
		value: unknown,
		at: string,
		equals: Record<string, unknown>,
	): unknown => {
		if (value !== null && typeof value === 'object') {
			fail(
				ctx,
				i,
				`Filter condition ${at} has a value that is ${Array.isArray(value) ? 'a list' : 'an object'}`,
				'Each value is a text, a number or true/false.',
			);
		}
		if (!isPicklist(field)) return typedScalar(field, value, at);
		if (!metadata.fields.length) return value;
		try {
			return picklistValue(field, value, field.name, parentValueOf(field, equals, metadata.fields));
		} catch (error) {
			const problem = error as PicklistLabelError;
			return fail(ctx, i, `${problem.message} (filter condition ${at})`, problem.fix);
		}
	};
	return walk(filter, 'filter');
}

/** Field → value of the "eq" conditions at one level, for dependent picklists. */
function siblingsEqual(list: IDataObject[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const f of list) {
		if (
			f &&
			typeof f === 'object' &&
			String(f.op).toLowerCase() === 'eq' &&
			typeof f.field === 'string'
		)
			out[f.field] = f.value;
	}
	return out;
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
