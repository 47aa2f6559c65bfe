import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { UDF_PREFIX } from './field-labels';
import { loadFields } from './metadata';
import { withFreshMetadata } from './metadata-cache';
import { fail, idParam, recordTarget } from './parameters';
import { bodyLabelsToValues } from './picklist-labels';
import { sendWrite } from './preview';
import { bodyNamesToIds } from './reference-lookup';
import { validateWrite } from './validate';

/**
 * n8n hands the resource mapper's date fields to the node as Luxon DateTime objects (a Date from some
 * expressions); Autotask takes ISO 8601 text in UTC.
 */
function plainValue(value: unknown): unknown {
	if (value instanceof Date) return value.toISOString();
	const date = value as {
		toISO?: () => string | null;
		toUTC?: () => { toISO: () => string | null };
	} | null;
	if (date && typeof date === 'object' && typeof date.toISO === 'function') {
		return (typeof date.toUTC === 'function' ? date.toUTC().toISO() : date.toISO()) ?? undefined;
	}
	return value;
}

/** The Fields values of item i: as mapped below, or the item's own fields the schema knows. */
function mappedValues(ctx: IExecuteFunctions, i: number): IDataObject {
	const mode = ctx.getNodeParameter('fields.mappingMode', i, 'defineBelow') as string;
	if (mode !== 'autoMapInputData')
		return (ctx.getNodeParameter('fields.value', i, {}) as IDataObject) ?? {};
	const schema =
		(ctx.getNodeParameter('fields.schema', i, []) as Array<{ id: string; removed?: boolean }>) ??
		[];
	const known = new Set(schema.filter((s) => !s.removed).map((s) => s.id));
	const json = ctx.getInputData()[i]?.json ?? {};
	return Object.fromEntries(Object.entries(json).filter(([k]) => known.has(k))) as IDataObject;
}

/** Item fields from the resource mapper, with UDFs gathered into userDefinedFields. */
function recordBody(ctx: IExecuteFunctions, i: number): IDataObject {
	const body: IDataObject = {};
	const udfs: IDataObject[] = [];
	for (const [key, given] of Object.entries(mappedValues(ctx, i))) {
		const value = plainValue(given);
		if (value === undefined) continue;
		if (key.startsWith(UDF_PREFIX)) {
			udfs.push({
				name: key.slice(UDF_PREFIX.length),
				value: value === null ? null : String(value),
			});
		} else {
			body[key] = value;
		}
	}
	if (udfs.length) body.userDefinedFields = udfs;
	return body;
}

/** The ImpersonationResourceId header of a write, checked before sending. */
export function impersonation(ctx: IExecuteFunctions, i: number): IDataObject | undefined {
	const raw = String(ctx.getNodeParameter('impersonationResourceId', i, '') ?? '').trim();
	if (!raw) return undefined;
	if (!/^\d+$/.test(raw))
		fail(
			ctx,
			i,
			`Impersonation Resource ID "${raw}" is not a number`,
			'Give the numeric ID of an Autotask resource.',
		);
	return { ImpersonationResourceId: raw };
}

const METHODS = { create: 'POST', update: 'PATCH', replace: 'PUT' } as const;

/**
 * Item i's body as Autotask takes it: names in reference fields turned into IDs (the names of all
 * items' Fields in one lookup per referenced entity), then picklist labels into values. Every write
 * that sends the Fields goes through here; `problems` are the labels that could not be turned.
 */
export async function resolveBody(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	body: IDataObject,
	parentId?: string,
) {
	const metadata = await loadFields(ctx, entity, parentId);
	const named = await bodyNamesToIds(ctx, i, body, metadata.fields, (j) => recordBody(ctx, j));
	return bodyLabelsToValues(named, metadata);
}

/**
 * Create, Update and Replace of one record: the mapped fields, checked, with picklist labels turned
 * into values; with Preview, the request it would send.
 */
export async function writeRecord(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: keyof typeof METHODS,
	id?: number,
): Promise<IDataObject[]> {
	const { base, body, headers } = await prepareWrite(ctx, i, entity, verb, id);
	return [await sendWrite(ctx, i, { method: METHODS[verb], path: base, body, headers })];
}

/**
 * The request a write of item i would send, checked: its URL, body and headers. The ID of an update is
 * given (Create or Update found it) or read from the ID parameter.
 */
export async function prepareWrite(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: keyof typeof METHODS,
	id?: number,
): Promise<{ base: string; body: IDataObject; headers?: IDataObject; parentId?: string }> {
	const { route, parentId, base } = await recordTarget(ctx, i, entity, verb);
	const body = recordBody(ctx, i);
	if (verb !== 'create') body.id = id ?? Number(await idParam(ctx, i, 'id', 'ID', entity.model));
	const parentField = entity.child?.parentIdField;
	// Through the parent's URL the parent's ID field comes from the Parent ID, for Create and Replace alike.
	if (
		verb !== 'update' &&
		route.scope === 'child' &&
		parentField &&
		parentField !== 'id' &&
		body[parentField] === undefined
	) {
		body[parentField] = Number(parentId);
	}
	// n8n sends an empty object as no body at all: Autotask would get a create without a record.
	if (verb === 'create' && !Object.keys(body).length) {
		fail(
			ctx,
			i,
			'No fields to create',
			`Add the fields of the new ${entity.label} under Fields, at least the required ones. An empty create would reach Autotask with no body.`,
		);
	}
	if (verb !== 'create' && Object.keys(body).length <= 1) {
		fail(ctx, i, 'No fields to change', 'Add at least one field under Fields.');
	}
	const headers = impersonation(ctx, i);
	// Names are looked up once; the labels and checks use cached metadata, and a refusal there is
	// checked once more on fresh metadata.
	const { fields } = await loadFields(ctx, entity, parentId);
	const named = await bodyNamesToIds(ctx, i, body, fields, (j) => recordBody(ctx, j));
	const refresh = () => loadFields(ctx, entity, parentId, true);
	return await withFreshMetadata(ctx, entity.name, refresh, async () => {
		const resolved = bodyLabelsToValues(named, await loadFields(ctx, entity, parentId));
		const sent = resolved.body as IDataObject;
		await validateWrite(ctx, i, entity, verb, sent, parentId, resolved.problems);
		return { base, body: sent, headers, parentId };
	});
}
