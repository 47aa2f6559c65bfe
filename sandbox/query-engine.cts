/**
 * The one query engine: QueryModel parsing, the 13 operators and and/or groups,
 * id-ascending scan with cursor paging, counting, IncludeFields.
 */
import { parseAtDate } from './clock.cjs';
import { fail } from './errors.cjs';
import type { ModelInfo } from './models.cjs';
import { isNumericType } from './models.cjs';
import type { Row } from './store.cjs';

export const OPERATORS = [
	'eq',
	'noteq',
	'gt',
	'gte',
	'lt',
	'lte',
	'beginswith',
	'endswith',
	'contains',
	'exist',
	'notexist',
	'in',
	'notin',
];

export interface Filter {
	op?: string;
	field?: string;
	udf?: boolean;
	value?: unknown;
	items?: Filter[];
}

export interface QueryModel {
	filter: Filter[];
	maxRecords: number;
	includeFields: string[] | null;
}

export interface QueryContext {
	model: ModelInfo;
	/** Singular entity name for error messages, e.g. 'TimeEntry' */
	entityLabel: string;
	strictOperators: boolean;
	/** Fields that exist but cannot be filtered on (attachment data etc.) */
	notQueryable: Set<string>;
}

type Predicate = (row: Row) => boolean;

/** Reads a property case-insensitively, as ASP.NET model binding does. */
function prop(obj: Record<string, unknown>, name: string): unknown {
	const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
	return key === undefined ? undefined : obj[key];
}

export function parseQueryModel(raw: unknown): QueryModel {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw))
		fail('The query is missing or is not a valid QueryModel.');
	const obj = raw as Record<string, unknown>;
	const filter = prop(obj, 'filter');
	// The API refuses a query with no filter; exact wording unconfirmed
	if (!Array.isArray(filter) || filter.length === 0)
		fail('A query must have at least one filter item.');
	const mr = prop(obj, 'maxRecords');
	let maxRecords = 500;
	if (mr !== undefined && mr !== null) {
		const n = Number(mr);
		if (!Number.isInteger(n) || n < 1 || n > 500)
			fail('maxCountOfRecordsToReturn must be between 1 and 500');
		maxRecords = n;
	}
	const inc = prop(obj, 'includeFields');
	const includeFields = Array.isArray(inc) && inc.length ? inc.map(String) : null;
	return { filter: filter as Filter[], maxRecords, includeFields };
}

function resolveField(ctx: QueryContext, field: unknown): string {
	const name = ctx.model.lower.get(String(field ?? '').toLowerCase());
	if (!name || name === 'userDefinedFields')
		fail(`Unable to find ${String(field)} in the ${ctx.entityLabel} Entity`);
	return name;
}

function countOr(filters: Filter[]): number {
	let n = 0;
	for (const f of filters) {
		if (!f || typeof f !== 'object') continue;
		const items = Array.isArray(f.items) ? f.items : [];
		if (String(f.op ?? '').toLowerCase() === 'or') n += items.length;
		n += countOr(items);
	}
	return n;
}

function countUdf(filters: Filter[]): number {
	let n = 0;
	for (const f of filters) {
		if (!f || typeof f !== 'object') continue;
		if (f.udf === true) n++;
		if (Array.isArray(f.items)) n += countUdf(f.items);
	}
	return n;
}

type Kind = 'number' | 'date' | 'bool' | 'string';

function kindOf(type: string | undefined): Kind {
	if (isNumericType(type)) return 'number';
	if (type === 'string/date-time') return 'date';
	if (type === 'boolean') return 'bool';
	return 'string';
}

function norm(kind: Kind, v: unknown, field: string): number | string | boolean | null {
	if (v === null || v === undefined) return null;
	switch (kind) {
		case 'number': {
			const n = typeof v === 'number' ? v : Number(v);
			return Number.isNaN(n) ? null : n;
		}
		case 'date': {
			const n = parseAtDate(v);
			return Number.isNaN(n) ? null : n;
		}
		case 'bool':
			if (typeof v === 'boolean') return v;
			if (v === 'true' || v === 'false') return v === 'true';
			// Booleans must be true/false; anything else errors
			return fail(`Invalid boolean value for field ${field}.`);
		default:
			return String(v).toLowerCase(); // SQL Server default collation: case-insensitive
	}
}

function compile(f: Filter, ctx: QueryContext): Predicate | null {
	if (!f || typeof f !== 'object') return null;
	const op = String(f.op ?? '').toLowerCase();
	if (op === 'and' || op === 'or') {
		const parts = (Array.isArray(f.items) ? f.items : [])
			.map((i) => compile(i, ctx))
			.filter((p): p is Predicate => !!p);
		if (!parts.length) return null;
		return op === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
	}
	if (!OPERATORS.includes(op)) {
		// Live API drops clauses with unknown operators silently
		if (ctx.strictOperators) fail(`Invalid operator '${String(f.op)}'.`);
		return null;
	}
	let get: (r: Row) => unknown;
	let kind: Kind;
	let label: string;
	if (f.udf === true) {
		const udfName = String(f.field ?? '').toLowerCase();
		label = String(f.field);
		if (!ctx.model.hasUdf) fail(`Unable to find ${label} in the ${ctx.entityLabel} Entity`);
		get = (r) => {
			const list = r.userDefinedFields as Array<{ name: string; value: unknown }> | undefined;
			return list?.find((u) => u.name.toLowerCase() === udfName)?.value ?? null;
		};
		const sample = f.value;
		kind = typeof sample === 'number' ? 'number' : 'string';
	} else {
		const field = resolveField(ctx, f.field);
		label = field;
		if (ctx.notQueryable.has(field))
			fail(`The field ${field} is not queryable for the ${ctx.entityLabel} Entity.`);
		get = (r) => r[field];
		kind = kindOf(ctx.model.types[field]);
	}
	const val = (r: Row) => norm(kind, get(r), label);
	const empty = (v: unknown) => v === null || v === undefined || v === '';
	if (op === 'exist') return (r) => !empty(get(r));
	if (op === 'notexist') return (r) => empty(get(r));
	if (op === 'in' || op === 'notin') {
		const list = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => norm(kind, v, label));
		const set = new Set(list);
		return op === 'in' ? (r) => set.has(val(r)) : (r) => !set.has(val(r));
	}
	const want = norm(kind, f.value, label);
	switch (op) {
		case 'eq':
			return (r) => val(r) === want;
		case 'noteq':
			return (r) => val(r) !== want;
		case 'gt':
			return (r) => {
				const v = val(r);
				return v !== null && want !== null && v > want;
			};
		case 'gte':
			return (r) => {
				const v = val(r);
				return v !== null && want !== null && v >= want;
			};
		case 'lt':
			return (r) => {
				const v = val(r);
				return v !== null && want !== null && v < want;
			};
		case 'lte':
			return (r) => {
				const v = val(r);
				return v !== null && want !== null && v <= want;
			};
		default: {
			const s = String(f.value ?? '').toLowerCase();
			const text = (r: Row) => {
				const v = get(r);
				return v === null || v === undefined ? null : String(v).toLowerCase();
			};
			if (op === 'beginswith') return (r) => text(r)?.startsWith(s) ?? false;
			if (op === 'endswith') return (r) => text(r)?.endsWith(s) ?? false;
			return (r) => text(r)?.includes(s) ?? false;
		}
	}
}

/** Compiles the whole filter array; top-level entries are ANDed. */
export function compileFilter(filters: Filter[], ctx: QueryContext): Predicate {
	if (countOr(filters) > 500)
		fail("Invalid query syntax. Queries are limited to 500 or fewer 'OR' conditions.");
	if (countUdf(filters) > 1) fail('You can only query by one user-defined field at a time.');
	const parts = filters.map((f) => compile(f, ctx)).filter((p): p is Predicate => !!p);
	return (r) => parts.every((p) => p(r));
}

export function resolveIncludeFields(
	include: string[] | null,
	ctx: QueryContext,
): Set<string> | null {
	if (!include) return null;
	const keep = new Set<string>(['id']); // id always comes back, even when IncludeFields leaves it out
	if (ctx.model.hasUdf) keep.add('userDefinedFields');
	for (const f of include) keep.add(resolveField(ctx, f));
	return keep;
}

export interface PageResult {
	rows: Row[];
	hasMore: boolean;
	hasPrev: boolean;
}

/** Scans rows in id order after `afterId` (or before `beforeId`, for prevPageUrl). */
export function page(
	rows: Iterable<Row>,
	pred: Predicate,
	size: number,
	cursor: { afterId?: number; beforeId?: number },
): PageResult {
	if (cursor.beforeId !== undefined) {
		const all = Array.from(rows);
		const out: Row[] = [];
		let i = all.length - 1;
		for (; i >= 0 && out.length <= size; i--) {
			const r = all[i];
			if (r.id < cursor.beforeId && pred(r)) out.push(r);
		}
		const hasPrev = out.length > size;
		if (hasPrev) out.pop();
		return { rows: out.reverse(), hasMore: true, hasPrev };
	}
	const out: Row[] = [];
	let hasMore = false;
	for (const r of rows) {
		if (cursor.afterId !== undefined && r.id <= cursor.afterId) continue;
		if (!pred(r)) continue;
		if (out.length === size) {
			hasMore = true;
			break;
		}
		out.push(r);
	}
	return { rows: out, hasMore, hasPrev: cursor.afterId !== undefined };
}

export function countMatches(rows: Iterable<Row>, pred: Predicate): number {
	let n = 0;
	for (const r of rows) if (pred(r)) n++;
	return n;
}
