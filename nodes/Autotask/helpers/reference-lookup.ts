import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ENTITIES, rootOpPath, type CatalogEntry } from '../catalog';
import { autotaskQuery } from '../transport';
import { loadFields, type FieldInfo } from './metadata';
import {
	BY_NAME_FIELD,
	candidateLabel,
	includeFields,
	isId,
	isName,
	keyDescription,
	matches,
	nameQueries,
	norm,
	similarFilter,
	tableKey,
	type NameKey,
} from './reference-names';

/** A name given where an ID of `model` is expected: under `key` (a body field, a condition, a locator). */
export interface NameRef {
	key: string;
	model: string;
	name: string;
}

/** The node's item runs, or a poll (no input items: only its own names are looked up). */
export type NameContext = IExecuteFunctions | IPollFunctions;

/** Every item's index: an execution's input items, or the one poll. */
export function itemIndexes(ctx: NameContext): number[] {
	return 'getInputData' in ctx ? ctx.getInputData().map((_, j) => j) : [0];
}

/** At most this many candidates are listed when a name matches several records. */
const LISTED = 5;

/** Per execution: the records found per model and lower-cased name (one lookup shared by all items). */
const found = new WeakMap<object, Map<string, Promise<IDataObject[]>>>();
/** Per execution: the scopes whose names of all items were already looked up together. */
const gathered = new WeakMap<object, Set<string>>();

function entityOf(model: string): CatalogEntry | undefined {
	const lower = model.toLowerCase();
	return ENTITIES.find((e) => e.model?.toLowerCase() === lower && e.root.includes('query'));
}

/** How names of `model` are looked up, or undefined when it takes IDs only. */
async function keyOf(ctx: NameContext, model: string): Promise<NameKey | undefined> {
	const listed = tableKey(model);
	if (listed) return listed;
	const entity = entityOf(model);
	if (!entity) return undefined;
	const { fields } = await loadFields(ctx, entity);
	return fields.some((f: FieldInfo) => f.name === 'name') ? BY_NAME_FIELD : undefined;
}

/** Looks up the names not looked up yet in this execution, in as few queries as Autotask allows. */
async function lookUp(ctx: NameContext, model: string, names: string[]): Promise<void> {
	let cache = found.get(ctx);
	if (!cache) found.set(ctx, (cache = new Map()));
	const fresh = [...new Map(names.map((n) => [norm(n), n.trim()])).entries()].filter(
		([lower]) => !cache.has(`${model}\n${lower}`),
	);
	if (!fresh.length) return;
	const all = (async () => {
		const key = await keyOf(ctx, model);
		const entity = entityOf(model);
		if (!key || !entity) return [] as IDataObject[];
		const records: IDataObject[] = [];
		for (const filter of nameQueries(
			key,
			fresh.map(([, n]) => n),
		)) {
			const page = await autotaskQuery.call(ctx, rootOpPath(entity, 'query'), {
				filter,
				IncludeFields: includeFields(key),
			});
			records.push(...page.items);
		}
		return records;
	})();
	for (const [lower, name] of fresh) {
		const entry = all.then(async (records) => {
			const key = await keyOf(ctx, model);
			return key ? records.filter((r) => matches(key, r, name)) : [];
		});
		entry.catch(() => cache.delete(`${model}\n${lower}`));
		cache.set(`${model}\n${lower}`, entry);
	}
	await all;
}

/**
 * The IDs for the names item i gives, in the order of `refs`. The first item that gives names looks up the
 * names of every item in `scope` (gatherAll), one batched query per referenced entity; later items
 * reuse the answer. A name that matches no record or several stops item i with the candidates.
 */
export async function resolveNames(
	ctx: NameContext,
	i: number,
	refs: NameRef[],
	scope: string,
	gatherAll: () => NameRef[],
): Promise<number[]> {
	const ids: number[] = [];
	if (!refs.length) return ids;
	let done = gathered.get(ctx);
	if (!done) gathered.set(ctx, (done = new Set()));
	const wanted = done.has(scope) ? refs : [...refs, ...gatherAll()];
	done.add(scope);
	const byModel = new Map<string, string[]>();
	for (const r of wanted) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r.name]);
	await Promise.all([...byModel].map(async ([model, names]) => await lookUp(ctx, model, names)));
	for (const ref of refs) {
		const hits = await found.get(ctx)!.get(`${ref.model}\n${norm(ref.name)}`)!;
		if (hits.length !== 1) await nameError(ctx, i, ref, hits);
		ids.push(Number(hits[0].id));
	}
	return ids;
}

/** Close matches are looked for at most this many times per execution (each is a query). */
const SUGGESTIONS = 5;
const suggested = new WeakMap<object, number>();

/** "Close matches: Fabrikam Legal LLP (ID 5). " from one `contains` query, or nothing. */
async function similar(
	ctx: NameContext,
	model: string,
	key: NameKey,
	name: string,
): Promise<string> {
	const count = suggested.get(ctx) ?? 0;
	if (count >= SUGGESTIONS) return '';
	suggested.set(ctx, count + 1);
	try {
		const entity = entityOf(model)!;
		const filter = similarFilter(key, name);
		const { items } = await autotaskQuery.call(
			ctx,
			rootOpPath(entity, 'query'),
			{ filter, IncludeFields: includeFields(key) },
			LISTED,
		);
		const listed = items.map((r) => candidateLabel(key, r));
		return listed.length ? `Close matches: ${listed.join(', ')}. ` : '';
	} catch {
		return '';
	}
}

async function nameError(
	ctx: NameContext,
	i: number,
	ref: NameRef,
	hits: IDataObject[],
): Promise<never> {
	const key = await keyOf(ctx, ref.model);
	const fail = (message: string, description: string) => {
		throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
	};
	if (!key)
		fail(
			`${ref.key} "${ref.name}" is not an ID`,
			`${ref.key} refers to a ${ref.model}, which can only be given by its numeric ID, e.g. 12345.`,
		);
	if (!hits.length) {
		const close = await similar(ctx, ref.model, key!, ref.name);
		fail(
			`No ${ref.model} named "${ref.name}" for ${ref.key}`,
			`Autotask has no ${ref.model} whose ${keyDescription(key!)} is "${ref.name}" (compared case-insensitively), or the API user cannot see it. ${close}Check the name, or give the numeric ID.`,
		);
	}
	const listed = hits.slice(0, LISTED).map((h) => candidateLabel(key!, h));
	const more = hits.length > LISTED ? ` and ${hits.length - LISTED} more` : '';
	return fail(
		`${ref.key} "${ref.name}" matches ${hits.length} ${ref.model} records: ${listed.join(', ')}${more}`,
		`Give the numeric ID of the one you mean in ${ref.key}.`,
	);
}

/** The reference field named `key` (a reference that is not also a picklist). */
export function referenceField(fields: FieldInfo[], key: string): FieldInfo | undefined {
	const field = fields.find((f) => f.name.toLowerCase() === key.trim().toLowerCase());
	return field?.isReference && field.referenceEntityType && !field.isPickList ? field : undefined;
}

/** The names among `values` given to reference fields (numbers and empty values are IDs or nothing). */
export function referenceRefs(values: IDataObject, fields: FieldInfo[]): NameRef[] {
	const refs: NameRef[] = [];
	for (const [key, value] of Object.entries(values)) {
		const field = referenceField(fields, key);
		if (field && isName(value, field.referenceEntityType))
			refs.push({ key, model: field.referenceEntityType!, name: value });
	}
	return refs;
}

/** The names all items give, from each item's values; an item whose values cannot be read gives none. */
function gatherEach(ctx: NameContext, refsOf: (j: number) => NameRef[]): () => NameRef[] {
	return () =>
		itemIndexes(ctx).flatMap((j) => {
			try {
				return refsOf(j);
			} catch {
				return [];
			}
		});
}

/**
 * A write body with names in reference fields turned into IDs ("Fabrikam" → 5 in companyID) and
 * numeric text into numbers; `valuesOf(j)` gives item j's values, so the names of all items are
 * looked up together.
 */
export async function bodyNamesToIds(
	ctx: NameContext,
	i: number,
	body: IDataObject,
	fields: FieldInfo[],
	valuesOf: (j: number) => IDataObject,
): Promise<IDataObject> {
	const out: IDataObject = { ...body };
	for (const [key, value] of Object.entries(body)) {
		const field = fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
		if (field?.isReference && typeof value === 'string' && isId(value)) out[key] = Number(value);
	}
	const refs = referenceRefs(body, fields);
	if (!refs.length) return out;
	const gatherAll = gatherEach(ctx, (j) => referenceRefs(valuesOf(j), fields));
	const ids = await resolveNames(ctx, i, refs, 'body', gatherAll);
	refs.forEach((ref, k) => (out[ref.key] = ids[k]));
	return out;
}
