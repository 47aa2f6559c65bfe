/**
 * What Create or Update and Find or Create share: each item's match (the values of its Match On fields,
 * as the write would send them), and the records that match, read for all items at once: items whose
 * query differs only in the match values share `in` queries of up to 500 values per field.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { rootOpPath, type CatalogEntry } from '../../../catalog';
import { pluralLabel } from '../../../helpers/action-names';
import { UDF_PREFIX } from '../../../helpers/field-labels';
import { buildFilter } from '../../../helpers/filters';
import {
	isBoolean,
	isNumeric,
	loadFields,
	type EntityFields,
	type FieldInfo,
} from '../../../helpers/metadata';
import { withFreshMetadata } from '../../../helpers/metadata-cache';
import { fail } from '../../../helpers/parameters';
import { prepareWrite } from '../../../helpers/record-body';
import { queryableTwin, routeOf, type Verb } from '../../../helpers/routes';
import { autotaskQuery, transportSettings } from '../../../transport';

/** One field an item is matched on, with the value its write would send. */
interface MatchCondition {
	field: string;
	udf: boolean;
	info?: FieldInfo;
	value: unknown;
}

/** An item's match: its conditions, the query group it shares with other items, and its key in it. */
export interface ItemMatch {
	conditions: MatchCondition[];
	/** The Also Require filter, the same for every item of the group */
	extra: IDataObject[];
	group: string;
	key: string;
}

/** How Autotask compares a value of this field: numbers as numbers, dates as instants, text ignoring case. */
function comparable(info: FieldInfo | undefined, udf: boolean, value: unknown): string {
	if (value === null || value === undefined) return '';
	if (!udf && isNumeric(info)) return String(Number(value));
	if (!udf && isBoolean(info)) return String(value === true || value === 'true');
	if (!udf && /date/i.test(info?.dataType ?? info?.type ?? '')) {
		// Autotask answers UTC times without a zone; read them as UTC, not as the server's local time.
		const text = String(value);
		const time = new Date(/T[^Z+-]*$/i.test(text) ? `${text}Z` : text).getTime();
		if (!Number.isNaN(time)) return String(time);
	}
	return String(value).toLowerCase();
}

/** The value as the query sends it: numeric fields as numbers. */
function queryValue(c: MatchCondition): unknown {
	return !c.udf && isNumeric(c.info) ? Number(c.value) : c.value;
}

/** The Match On fields, each checked against the entity's queryable fields and UDFs. */
function matchFields(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	{ fields, udfs }: EntityFields,
): Array<{ name: string; udf: boolean; info?: FieldInfo }> {
	const given = ctx.getNodeParameter('matchOn', i, []) as string[] | string;
	const names = (Array.isArray(given) ? given : String(given).split(','))
		.map((n) => String(n).trim())
		.filter(Boolean);
	if (!names.length)
		fail(ctx, i, 'Match On is empty', `Choose the ${entity.label} fields that identify a record.`);
	const out = names.map((name) => {
		const udf = name.startsWith(UDF_PREFIX);
		const bare = udf ? name.slice(UDF_PREFIX.length) : name;
		const list = udf ? udfs : fields;
		const info = list.find((f) => f.name.toLowerCase() === bare.toLowerCase());
		if ((fields.length || udfs.length) && (!info || info.isQueryable === false)) {
			fail(
				ctx,
				i,
				`Match On field "${name}" is not a queryable field of ${entity.label}`,
				'Choose the match fields from the list: Autotask can only look records up by fields it can query. Nothing was sent for this item.',
			);
		}
		return { name: info?.name ?? bare, udf, info };
	});
	if (out.filter((f) => f.udf).length > 1)
		fail(
			ctx,
			i,
			'Match On has more than one user-defined field',
			'Autotask queries one user-defined field at a time: match on one UDF and standard fields.',
		);
	return out;
}

/** The value the write of the item would send for a match field. */
function sentValue(body: IDataObject, name: string, udf: boolean): unknown {
	if (udf) {
		const list = (body.userDefinedFields as IDataObject[] | undefined) ?? [];
		return list.find((u) => String(u.name).toLowerCase() === name.toLowerCase())?.value;
	}
	return Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** The Also Require conditions of item i, none when no row is given. */
async function alsoRequire(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	parentId?: string,
): Promise<IDataObject[]> {
	const rows = (ctx.getNodeParameter('conditions.condition', i, []) as IDataObject[]) ?? [];
	if (!rows.some((r) => r.field)) return [];
	return await buildFilter(ctx, i, entity, parentId);
}

/**
 * Item i's match: the Match On fields' values as its write would send them (labels turned into values,
 * checked as an update would be, before anything is sent), plus the parent for records written through
 * their parent (a contact is matched within its company).
 */
export async function itemMatch(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: Verb,
): Promise<ItemMatch> {
	// A field added in Autotask since the metadata was cached is looked for once more, on fresh metadata.
	const refresh = () => loadFields(ctx, entity, undefined, true);
	const names = await withFreshMetadata(ctx, entity.name, refresh, async () =>
		matchFields(ctx, i, entity, await loadFields(ctx, entity)),
	);
	// Checked as an update would be (no field is required); an entity that has no update, as a create.
	const checkAs = routeOf(entity, 'update') ? 'update' : 'create';
	const { body, parentId } = await prepareWrite(ctx, i, entity, checkAs, 0);
	const conditions: MatchCondition[] = names.map((f) => ({
		field: f.name,
		udf: f.udf,
		info: f.info,
		value: sentValue(body, f.name, f.udf),
	}));
	const empty = conditions.find((c) => c.value === undefined || c.value === null || c.value === '');
	if (empty)
		fail(
			ctx,
			i,
			`The match field ${empty.field} is empty in item ${i}`,
			`Give ${empty.field} a value under Fields: the item is matched on it. Nothing was sent for this item.`,
		);
	const parentField = entity.child?.parentIdField;
	const throughParent = routeOf(entity, verb)?.scope === 'child' && parentId;
	if (throughParent && parentField && !conditions.some((c) => c.field === parentField)) {
		const info = (await loadFields(ctx, entity)).fields.find((f) => f.name === parentField);
		conditions.push({ field: parentField, udf: false, info, value: Number(parentId) });
	}
	const extra = await alsoRequire(ctx, i, entity, parentId);
	const group = JSON.stringify([conditions.map((c) => [c.field, c.udf]), extra]);
	const key = JSON.stringify(conditions.map((c) => comparable(c.info, c.udf, c.value)));
	return { conditions, extra, group, key };
}

/** A record's key for the match conditions: the same form as an item's key. */
function recordKey(record: IDataObject, conditions: MatchCondition[]): string {
	return JSON.stringify(
		conditions.map((c) => comparable(c.info, c.udf, sentValue(record, c.field, c.udf))),
	);
}

/**
 * The records matching each key of one group, read with queries of up to 500 keys: each field's distinct
 * values go in one `in` condition (eq for one value), and every page is read. Records are then sorted to
 * their items' keys exactly as Autotask compares, so several fields' `in` lists cannot mix items up.
 */
export async function findMatches(
	ctx: IExecuteFunctions,
	entity: CatalogEntry,
	members: ItemMatch[],
): Promise<Map<string, IDataObject[]>> {
	const twin = queryableTwin(entity)!;
	const byKey = new Map<string, ItemMatch>();
	for (const m of members) if (!byKey.has(m.key)) byKey.set(m.key, m);
	const keys = [...byKey.values()];
	const found = new Map<string, IDataObject[]>(keys.map((k) => [k.key, []]));
	for (let start = 0; start < keys.length; start += transportSettings.pageSize) {
		const chunk = keys.slice(start, start + transportSettings.pageSize);
		const filter: IDataObject[] = [...chunk[0].extra];
		chunk[0].conditions.forEach((c, n) => {
			const values = new Map(
				chunk.map((k) => [
					comparable(c.info, c.udf, k.conditions[n].value),
					queryValue(k.conditions[n]),
				]),
			);
			const list = [...values.values()];
			const condition: IDataObject =
				list.length === 1
					? { op: 'eq', field: c.field, value: list[0] as string }
					: { op: 'in', field: c.field, value: list as string[] };
			if (c.udf) condition.udf = true;
			filter.push(condition);
		});
		const { items } = await autotaskQuery.call(ctx, rootOpPath(twin, 'query'), { filter });
		for (const record of items) found.get(recordKey(record, chunk[0].conditions))?.push(record);
	}
	for (const list of found.values()) list.sort((a, b) => Number(a.id) - Number(b.id));
	return found;
}

/** Several records match an item and the verb was told to fail: the error lists their IDs. */
export function severalMatch(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	matches: IDataObject[],
	fix: string,
): never {
	const ids = matches.map((m) => m.id).join(', ');
	return fail(
		ctx,
		i,
		`${matches.length} ${pluralLabel(entity.label)} match item ${i}: IDs ${ids}`,
		`${fix} Nothing was written for this item.`,
	);
}
