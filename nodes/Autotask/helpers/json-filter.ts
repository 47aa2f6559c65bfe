import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { isBoolean, isNumeric, type EntityFields, type FieldInfo } from './metadata';
import { PicklistLabelError, isPicklist, parentValueOf, picklistValue } from './picklist-labels';

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
export const EXAMPLE = 'e.g. [{"op":"eq","field":"status","value":"Complete"}]';

/** One JSON filter being checked for item i, against the entity's metadata (none: shape only). */
class JsonFilterCheck {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly i: number,
		private readonly entity: CatalogEntry,
		private readonly metadata: EntityFields,
	) {}

	private fail(message: string, description: string): never {
		throw new NodeOperationError(this.ctx.getNode(), message, { itemIndex: this.i, description });
	}

	walk(list: IDataObject[], path: string): IDataObject[] {
		const equals = siblingsEqual(list);
		return list.map((f, n) => this.checkCondition(f, `${path}[${n}]`, equals));
	}

	private checkCondition(f: IDataObject, at: string, equals: Record<string, unknown>): IDataObject {
		if (!f || typeof f !== 'object' || Array.isArray(f) || typeof f.op !== 'string') {
			this.fail(
				`Filter condition ${at} has no "op"`,
				`Each condition is an object with an operator, ${EXAMPLE}.`,
			);
		}
		const op = KNOWN.get(f.op.toLowerCase());
		if (!op) {
			this.fail(
				`Filter condition ${at} has the unknown operator "${f.op}"`,
				`Autotask's operators are ${FIELD_OPS.join(', ')}, and and/or with "items". Autotask would ignore an unknown one and return every record.`,
			);
		}
		if (GROUP_OPS.includes(op)) {
			const items = f.items;
			if (!Array.isArray(items) || items.length === 0) {
				this.fail(
					`Filter condition ${at} ("${op}") has no items`,
					`Put the conditions it combines in "items", e.g. {"op":"${op}","items":[{"op":"eq","field":"status","value":1},{"op":"eq","field":"status","value":5}]}.`,
				);
			}
			return { ...f, op, items: this.walk(items as IDataObject[], `${at}.items`) };
		}
		return this.checkFieldCondition(f, op, at, equals);
	}

	private checkFieldCondition(
		f: IDataObject,
		op: string,
		at: string,
		equals: Record<string, unknown>,
	): IDataObject {
		if (typeof f.field !== 'string' || !f.field.trim()) {
			this.fail(`Filter condition ${at} has no "field"`, `Name the field to compare, ${EXAMPLE}.`);
		}
		const field = this.knownField(f, at);
		const lower = op.toLowerCase();
		if (NO_VALUE.has(lower)) return { ...f, op };
		if (LIST.has(lower)) {
			if (!Array.isArray(f.value) || f.value.length === 0) {
				this.fail(
					`Filter condition ${at} ("${op}") needs a list of values`,
					`Give "value" as a non-empty array, e.g. {"op":"${op}","field":"${f.field}","value":[1,5]}.`,
				);
			}
			return {
				...f,
				op,
				value: (f.value as unknown[]).map((v) =>
					this.scalar(field, v, at, equals),
				) as IDataObject[],
			};
		}
		if (
			f.value === undefined ||
			Array.isArray(f.value) ||
			(f.value !== null && typeof f.value === 'object')
		) {
			this.fail(
				`Filter condition ${at} ("${op}") needs one value`,
				`Give "value" as a single text, number or true/false${Array.isArray(f.value) ? ', or use "in" for a list' : ''}.`,
			);
		}
		return { ...f, op, value: this.scalar(field, f.value, at, equals) as string };
	}

	private knownField(f: IDataObject, at: string): FieldInfo | undefined {
		if (!this.metadata.fields.length) return undefined; // no metadata: Autotask is the judge
		const list = f.udf === true ? this.metadata.udfs : this.metadata.fields;
		const known = list.find((m) => m.name.toLowerCase() === String(f.field).toLowerCase());
		if (!known) {
			const kind = f.udf === true ? 'user-defined field' : 'field';
			this.fail(
				`${this.entity.label} has no ${kind} "${String(f.field)}" to filter on (condition ${at})`,
				`Filter (JSON) names fields as Autotask does; the API resource's Get Field Info lists them.${f.udf === true ? '' : ' A user-defined field needs "udf": true.'}`,
			);
		}
		if (known.isQueryable === false) {
			this.fail(
				`${known.name} of ${this.entity.label} cannot be used in a filter`,
				'Autotask does not allow queries on this field; filter on another field, or filter the results in a later node.',
			);
		}
		return known;
	}

	private typedScalar(field: FieldInfo | undefined, value: unknown, at: string): unknown {
		const text = typeof value === 'string' ? value.trim() : undefined;
		if (text !== undefined && isNumeric(field) && (text === '' || !Number.isFinite(Number(text)))) {
			this.fail(
				`Filter condition ${at}: "${value as string}" is not a number`,
				`${field!.name} holds numbers in Autotask.`,
			);
		}
		if (text !== undefined && isBoolean(field) && !/^(true|false)$/i.test(text)) {
			this.fail(
				`Filter condition ${at}: "${value as string}" is not true or false`,
				`${field!.name} is a yes/no field.`,
			);
		}
		return value;
	}

	private scalar(
		field: FieldInfo | undefined,
		value: unknown,
		at: string,
		equals: Record<string, unknown>,
	): unknown {
		if (value !== null && typeof value === 'object') {
			this.fail(
				`Filter condition ${at} has a value that is ${Array.isArray(value) ? 'a list' : 'an object'}`,
				'Each value is a text, a number or true/false.',
			);
		}
		if (!isPicklist(field)) return this.typedScalar(field, value, at);
		if (!this.metadata.fields.length) return value;
		try {
			return picklistValue(
				field,
				value,
				field.name,
				parentValueOf(field, equals, this.metadata.fields),
			);
		} catch (error) {
			const problem = error as PicklistLabelError;
			return this.fail(`${problem.message} (filter condition ${at})`, problem.fix);
		}
	}
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
	return new JsonFilterCheck(ctx, i, entity, metadata).walk(filter, 'filter');
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
