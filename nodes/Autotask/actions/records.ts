import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { childBase, type CatalogEntry } from '../catalog';
import { UDF_PREFIX } from '../methods/resourceMapping';
import {
	autotaskCount,
	autotaskQuery,
	autotaskRequest,
	followPages,
	transportSettings,
} from '../transport';
import { READ_SEQUENTIALLY_OPTION, autotaskQueryAll } from '../transport/parallel-query';
import { MATCH_ALL, buildFilter } from '../helpers/filters';
import { bodyLabelsToValues } from '../helpers/picklist-labels';
import { withFreshMetadata } from '../helpers/metadata-cache';
import { addPicklistLabels } from './labels';
import { checkTicketNumber, locatorValue, ticketIdFromNumber } from './locators';
import { loadFields } from './metadata';
import { simplifyRecord } from './simplify';
import { collectionPath, routeOf, type Verb } from './operations';
import { validateWrite } from './validate';

function fail(ctx: IExecuteFunctions, i: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** A numeric ID parameter (plain or a resource locator's value), checked before anything is sent. */
export function numericParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
): string {
	const given = ctx.getNodeParameter(name, i, '') as unknown;
	if (given && typeof given === 'object' && !('value' in (given as IDataObject))) {
		fail(
			ctx,
			i,
			`${label} got ${Array.isArray(given) ? 'a list' : 'an object'} instead of a number`,
			`Check the expression for ${label}: it should give one numeric ID, e.g. {{ $json.id }}, not the whole item.`,
		);
	}
	const raw = locatorValue(given).value;
	if (!raw)
		fail(ctx, i, `${label} is empty`, `Give the numeric ${label.toLowerCase()} of the record.`);
	if (!/^\d+$/.test(raw)) {
		fail(
			ctx,
			i,
			`${label} "${raw}" is not a number`,
			`Autotask IDs are whole numbers, e.g. 12345.`,
		);
	}
	return raw;
}

/** An ID parameter, plain or a resource locator; a ticket given by its number is looked up. */
async function idParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
): Promise<string> {
	const { mode, value } = locatorValue(ctx.getNodeParameter(name, i, ''));
	if (mode === 'ticketNumber') return await ticketIdFromNumber(ctx, i, value);
	return numericParam(ctx, i, name, label);
}

/** An ID parameter that may be left empty. */
async function optionalIdParam(ctx: IExecuteFunctions, i: number, name: string, label: string) {
	return locatorValue(ctx.getNodeParameter(name, i, '')).value
		? await idParam(ctx, i, name, label)
		: undefined;
}

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

/** Item fields from the resource mapper, with UDFs gathered into userDefinedFields. */
function recordBody(ctx: IExecuteFunctions, i: number): IDataObject {
	const mode = ctx.getNodeParameter('fields.mappingMode', i, 'defineBelow') as string;
	let values: IDataObject;
	if (mode === 'autoMapInputData') {
		const schema =
			(ctx.getNodeParameter('fields.schema', i, []) as Array<{ id: string; removed?: boolean }>) ??
			[];
		const known = new Set(schema.filter((s) => !s.removed).map((s) => s.id));
		const json = ctx.getInputData()[i]?.json ?? {};
		values = Object.fromEntries(Object.entries(json).filter(([k]) => known.has(k))) as IDataObject;
	} else {
		values = (ctx.getNodeParameter('fields.value', i, {}) as IDataObject) ?? {};
	}
	const body: IDataObject = {};
	const udfs: IDataObject[] = [];
	for (const [key, given] of Object.entries(values)) {
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

async function childPages(
	ctx: IExecuteFunctions,
	path: string,
	limit?: number,
): Promise<IDataObject[]> {
	const first = await autotaskRequest.call(ctx, { method: 'GET', path });
	return (await followPages.call(ctx, first, limit)).items;
}

/** Output options of Get and Get Many: picklist labels (metadata read once per execution), flat UDFs. */
async function shape(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	records: IDataObject[],
	parentId?: string,
) {
	const options = (ctx.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
	let out = records;
	// Labels are on unless switched off: a person reads "Complete", not 5.
	if (options.addPicklistLabels !== false && out.length) {
		const metadata = await loadFields(ctx, entity, parentId);
		out = out.map((r) => addPicklistLabels(r, metadata));
	}
	if (options.flattenUdfs === true) {
		out = out.map((r) => {
			const { userDefinedFields, ...rest } = r;
			for (const u of (userDefinedFields as IDataObject[] | undefined) ?? [])
				rest[`udf_${String(u.name)}`] = u.value;
			return rest;
		});
	}
	if (ctx.getNodeParameter('simplify', i, false) === true)
		out = out.map((r) => simplifyRecord(entity.name, r));
	return out;
}

/** The ImpersonationResourceId header of a write, checked before sending. */
function impersonation(ctx: IExecuteFunctions, i: number): IDataObject | undefined {
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

/** Autotask's per-file attachment limit (FACTS.md §8: 6–7 MB; the lower bound is used). */
export const MAX_ATTACHMENT_BYTES = 6 * 1024 * 1024;

/** Upload: the file comes from a binary property of the item, validated before anything is sent. */
async function attachmentBody(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	parentId: string,
) {
	const prop = ctx.getNodeParameter('binaryPropertyName', i, 'data') as unknown;
	const objectHint =
		'Write the name of the binary property (e.g. data), not an expression such as {{ $binary.data }}, which gives the file itself.';
	if (typeof prop !== 'string' || prop === '[object Object]') {
		fail(ctx, i, 'Input Binary Field must be the name of a binary property', objectHint);
	}
	const binary = ctx.getInputData()[i]?.binary ?? {};
	const names = Object.keys(binary);
	if (!binary[prop]) {
		fail(
			ctx,
			i,
			`The item has no binary property "${prop}"`,
			names.length
				? `Its binary properties are: ${names.join(', ')}.`
				: 'It has no binary data: read or download a file earlier in the workflow.',
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(i, prop);
	if (buffer.length > MAX_ATTACHMENT_BYTES) {
		fail(
			ctx,
			i,
			`The file is ${(buffer.length / 1048576).toFixed(1)} MB; Autotask accepts at most 6 MB per attachment`,
			'Compress or split the file, or attach a link to it instead.',
		);
	}
	const fileName = binary[prop].fileName ?? `${prop}.bin`;
	const title = String(ctx.getNodeParameter('attachmentTitle', i, '') || fileName);
	const body: IDataObject = {
		id: 0,
		attachmentType: 'FILE_ATTACHMENT',
		fullPath: fileName,
		title,
		publish: ctx.getNodeParameter('publish', i, 1) as number,
		data: buffer.toString('base64'),
	};
	const parentField = entity.child?.parentIdField;
	if (parentField && parentField !== 'id') body[parentField] = Number(parentId);
	return body;
}

/** Download: the attachment's base64 data becomes an n8n binary property with its file name and type. */
export async function downloadAttachment(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<INodeExecutionData> {
	const route = routeOf(entity, 'download');
	if (!route) fail(this, i, `${entity.label} has no file to download`);
	const parentId = await idParam(this, i, 'parentId', 'Parent ID');
	const id = numericParam(this, i, 'id', 'ID');
	const answer = await autotaskRequest.call(this, {
		method: 'GET',
		path: `${collectionPath(entity, route, parentId)}/${id}`,
	});
	// The child GET of an attachment answers {items:[…]} (FACTS.md §4).
	const record = ((answer.items as IDataObject[] | undefined)?.[0] ?? answer.item) as
		| IDataObject
		| undefined;
	if (!record || typeof record.data !== 'string') {
		fail(
			this,
			i,
			`Autotask returned no file for ${entity.label} ${id} of parent ${parentId}`,
			'Check both IDs.',
		);
	}
	const { data, ...json } = record;
	const fileName = String(record.fullPath || record.title || `attachment-${id}`);
	const mimeType = typeof record.contentType === 'string' ? record.contentType : undefined;
	const property = String(this.getNodeParameter('binaryOutputPropertyName', i, 'data'));
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(String(data), 'base64'),
		fileName,
		mimeType,
	);
	return { json, binary: { [property]: binary }, pairedItem: { item: i } };
}

/** No record for an ID: an error on the item, or no output when the user chose Ignore Missing Records. */
function missing(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	what: string,
): IDataObject[] {
	const options = (ctx.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
	if (options.ignoreMissing === true) return [];
	fail(
		ctx,
		i,
		`Autotask has no ${entity.label} with ${what}`,
		'Check the ID, and that the API user may see this record.',
	);
}

/**
 * GET of one record by ID. Autotask answers a missing ID with {"item": null} or with 404 (FACTS.md §4):
 * both come back as undefined. The route is the catalog's own, so a 404 here means the record.
 */
async function getById(ctx: IExecuteFunctions, path: string): Promise<IDataObject | undefined> {
	const missingRecord = Symbol('404');
	const answer = await autotaskRequest
		.call(ctx, { method: 'GET', path })
		.catch((error: { httpCode?: string }) =>
			error?.httpCode === '404' ? missingRecord : Promise.reject(error),
		);
	return answer === missingRecord ? undefined : (answer as IDataObject);
}

/** Whether Get across many items can be read with `in` queries instead of one request per item. */
export function canBatchGet(entity: CatalogEntry): boolean {
	return routeOf(entity, 'get')?.scope === 'root' && entity.root.includes('query');
}

/**
 * Get for many items at once: the IDs (or ticket numbers) of all items are read with `in` queries of up
 * to 500 values, so N items cost ceil(N/500) requests. The result of each item keeps its place.
 */
export async function executeGetBatch(
	this: IExecuteFunctions,
	entity: CatalogEntry,
	count: number,
): Promise<Array<{ value?: IDataObject[]; error?: unknown }>> {
	const queryPath = `${collectionPath(entity, routeOf(entity, 'get')!)}/query`;
	const keys: Array<{ field: 'id' | 'ticketNumber'; value: string } | { error: unknown }> = [];
	for (let i = 0; i < count; i++) {
		try {
			const { mode, value } = locatorValue(this.getNodeParameter('id', i, ''));
			if (mode === 'ticketNumber') {
				checkTicketNumber(this, i, value);
				keys.push({ field: 'ticketNumber', value });
			} else {
				keys.push({ field: 'id', value: numericParam(this, i, 'id', 'ID') });
			}
		} catch (error) {
			keys.push({ error });
		}
	}
	const found = {
		id: new Map<string, IDataObject>(),
		ticketNumber: new Map<string, IDataObject>(),
	};
	for (const field of ['id', 'ticketNumber'] as const) {
		const values = [
			...new Set(keys.flatMap((k) => ('field' in k && k.field === field ? [k.value] : []))),
		];
		for (let start = 0; start < values.length; start += transportSettings.pageSize) {
			const chunk = values.slice(start, start + transportSettings.pageSize);
			const filter = [{ op: 'in', field, value: field === 'id' ? chunk.map(Number) : chunk }];
			for (const record of (await autotaskQuery.call(this, queryPath, { filter }, chunk.length))
				.items) {
				found[field].set(String(record[field]), record);
			}
		}
	}
	const out: Array<{ value?: IDataObject[]; error?: unknown }> = [];
	for (let i = 0; i < count; i++) {
		const key = keys[i];
		try {
			if ('error' in key) throw key.error;
			const record = found[key.field].get(key.value);
			const label = key.field === 'id' ? `ID ${key.value}` : `ticket number ${key.value}`;
			out.push({
				value: record ? await shape(this, i, entity, [record]) : missing(this, i, entity, label),
			});
		} catch (error) {
			out.push({ error });
		}
	}
	return out;
}

/** Runs one verb of one entity for item i and returns the output records. */
export async function executeRecord(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: Verb,
): Promise<IDataObject[]> {
	const route = routeOf(entity, verb);
	if (!route) fail(this, i, `${entity.label} has no "${verb}" operation in Autotask's API`);
	const parentId =
		route.scope === 'child' ? await idParam(this, i, 'parentId', 'Parent ID') : undefined;
	const base = collectionPath(entity, route, parentId);

	switch (verb) {
		case 'get': {
			const yearly =
				entity.child?.ops.includes('getByYear') &&
				route.scope === 'child' &&
				!entity.child.ops.includes('get');
			const id = await idParam(this, i, 'id', yearly ? 'Year' : 'ID');
			const answer = await getById(this, `${base}/${id}`);
			// Attachments answer {items:[…]} to a get by id (FACTS.md §4); others {item}.
			const record = (answer?.item ?? (answer?.items as IDataObject[] | undefined)?.[0]) as
				| IDataObject
				| null
				| undefined;
			if (!record) return missing(this, i, entity, `ID ${id}`);
			return await shape(this, i, entity, [record], parentId);
		}
		case 'getMany': {
			const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
			if (route.scope === 'child')
				return await shape(this, i, entity, await childPages(this, base, limit), parentId);
			let filter = await buildFilter(this, i, entity);
			const includeFields = (this.getNodeParameter('includeFields', i, []) as string[]).filter(
				(f) => !f.startsWith(UDF_PREFIX),
			);
			// Narrowed to one parent: its list URL when nothing else is asked, else the query with the parent's field.
			const parent = entity.child?.ops.includes('list')
				? await optionalIdParam(this, i, 'parentId', 'Parent ID')
				: undefined;
			if (parent && filter === MATCH_ALL && !includeFields.length) {
				return await shape(
					this,
					i,
					entity,
					await childPages(this, childBase(entity, parent), limit),
					parent,
				);
			}
			if (parent && entity.child?.parentIdField) {
				const byParent = { op: 'eq', field: entity.child.parentIdField, value: Number(parent) };
				filter = filter === MATCH_ALL ? [byParent] : [byParent, ...filter];
			}
			const query: IDataObject & { filter: IDataObject[] } = { filter };
			if (includeFields.length) query.IncludeFields = [...new Set(['id', ...includeFields])];
			const options = (this.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
			const oneCursor = options[READ_SEQUENTIALLY_OPTION] === true;
			const read = await autotaskQueryAll.call(this, `${base}/query`, query, limit, oneCursor);
			return await shape(this, i, entity, read.items);
		}
		case 'count': {
			const filter = await buildFilter(this, i, entity);
			return [{ count: await autotaskCount.call(this, `${base}/query/count`, filter) }];
		}
		case 'create':
		case 'update':
		case 'replace': {
			const body = recordBody(this, i);
			if (verb !== 'create') body.id = Number(await idParam(this, i, 'id', 'ID'));
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
					this,
					i,
					'No fields to create',
					`Add the fields of the new ${entity.label} under Fields, at least the required ones. An empty create would reach Autotask with no body.`,
				);
			}
			if (verb !== 'create' && Object.keys(body).length <= 1) {
				fail(this, i, 'No fields to change', 'Add at least one field under Fields.');
			}
			const method = verb === 'create' ? 'POST' : verb === 'update' ? 'PATCH' : 'PUT';
			const headers = impersonation(this, i);
			const refresh = () => loadFields(this, entity, parentId, true);
			return await withFreshMetadata(this, entity.name, refresh, async () => {
				const resolved = bodyLabelsToValues(body, await loadFields(this, entity, parentId));
				const sent = resolved.body as IDataObject;
				const problems = resolved.problems;
				await validateWrite(this, i, entity, verb, sent, parentId, problems);
				return [await autotaskRequest.call(this, { method, path: base, body: sent, headers })];
			});
		}
		case 'upload': {
			const body = await attachmentBody(this, i, entity, parentId ?? '');
			return [
				await autotaskRequest.call(this, {
					method: 'POST',
					path: base,
					body,
					headers: impersonation(this, i),
				}),
			];
		}
		case 'delete': {
			const id = await idParam(this, i, 'id', 'ID');
			await autotaskRequest.call(this, {
				method: 'DELETE',
				path: `${base}/${id}`,
				headers: impersonation(this, i),
			});
			return [{ id: Number(id), deleted: true }];
		}
		case 'approve':
			return [await autotaskRequest.call(this, { method: 'GET', path: base, idempotent: false })];
	}
	return [];
}
