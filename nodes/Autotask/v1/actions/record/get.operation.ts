import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { rootOpPath, type CatalogEntry } from '../../../catalog';
import { checkTicketNumber, locatorValue } from '../../../helpers/locators';
import { idParam, numericParam, recordTarget } from '../../../helpers/parameters';
import { missingRecord, shapeRecords } from '../../../helpers/record-output';
import { hasNameKey, isName } from '../../../helpers/reference-names';
import { routeOf } from '../../../helpers/routes';
import { autotaskQuery, autotaskRequest, transportSettings } from '../../../transport';

/** Get takes the ID, Simplify and Options that it shares with other verbs (common.description.ts). */
export const description: INodeProperties[] = [];

/**
 * GET of one record by ID. Autotask answers a missing ID with {"item": null} or with 404: both come
 * back as undefined. The route is the catalog's own, so a 404 here means the record.
 */
async function getById(ctx: IExecuteFunctions, path: string): Promise<IDataObject | undefined> {
	const missingRecordAnswer = Symbol('404');
	const answer = await autotaskRequest
		.call(ctx, { method: 'GET', path })
		.catch((error: { httpCode?: string }) =>
			error?.httpCode === '404' ? missingRecordAnswer : Promise.reject(error),
		);
	return answer === missingRecordAnswer ? undefined : (answer as IDataObject);
}

/** Get of one record for item i. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { route, parentId, base } = await recordTarget(this, i, entity, 'get');
	const yearly =
		entity.child?.ops.includes('getByYear') &&
		route.scope === 'child' &&
		!entity.child.ops.includes('get');
	const id = await idParam(
		this,
		i,
		'id',
		yearly ? 'Year' : 'ID',
		yearly ? undefined : entity.model,
	);
	const answer = await getById(this, `${base}/${id}`);
	// Attachments answer {items:[…]} to a get by id; other records {item}.
	const record = (answer?.item ?? (answer?.items as IDataObject[] | undefined)?.[0]) as
		| IDataObject
		| null
		| undefined;
	if (!record) return missingRecord(this, i, entity, `ID ${id}`);
	return await shapeRecords(this, i, entity, [record], parentId);
}

/** Whether Get across many items can be read with `in` queries instead of one request per item. */
export function canBatchGet(entity: CatalogEntry): boolean {
	return routeOf(entity, 'get')?.scope === 'root' && entity.root.includes('query');
}

type BatchKey = { field: 'id' | 'ticketNumber'; value: string } | { error: unknown };

/** What each item asks for: an ID or a ticket number, or the error of a bad one. */
function batchKeys(ctx: IExecuteFunctions, count: number): BatchKey[] {
	const keys: BatchKey[] = [];
	for (let i = 0; i < count; i++) {
		try {
			const { mode, value } = locatorValue(ctx.getNodeParameter('id', i, ''));
			if (mode === 'ticketNumber') {
				checkTicketNumber(ctx, i, value);
				keys.push({ field: 'ticketNumber', value });
			} else {
				keys.push({ field: 'id', value: numericParam(ctx, i, 'id', 'ID') });
			}
		} catch (error) {
			keys.push({ error });
		}
	}
	return keys;
}

/**
 * Items whose By ID is a name given by expression ("Fabrikam Legal LLP", a ticket number): a ticket
 * number is read as such; other names become IDs, the names of all items in one lookup.
 */
async function nameKeys(
	ctx: IExecuteFunctions,
	entity: CatalogEntry,
	keys: BatchKey[],
): Promise<BatchKey[]> {
	return await Promise.all(
		keys.map(async (key, i): Promise<BatchKey> => {
			if (!('error' in key) || !hasNameKey(entity.model)) return key;
			const { mode, value } = locatorValue(ctx.getNodeParameter('id', i, ''));
			if (mode === 'ticketNumber' || !isName(value, entity.model)) return key;
			if (entity.model === 'Ticket') return { field: 'ticketNumber', value };
			try {
				return { field: 'id', value: await idParam(ctx, i, 'id', 'ID', entity.model) };
			} catch (error) {
				return { error };
			}
		}),
	);
}

/** The records the keys name, by ID and by ticket number, read with `in` queries of up to 500 values. */
async function findAll(ctx: IExecuteFunctions, entity: CatalogEntry, keys: BatchKey[]) {
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
			const answer = await autotaskQuery.call(
				ctx,
				rootOpPath(entity, 'query'),
				{ filter },
				chunk.length,
			);
			for (const record of answer.items) found[field].set(String(record[field]), record);
		}
	}
	return found;
}

/**
 * Get for many items at once: the IDs (or ticket numbers) of all items are read with `in` queries of up
 * to 500 values, so N items cost ceil(N/500) requests. The result of each item keeps its place.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	entity: CatalogEntry,
	count: number,
): Promise<Array<{ value?: IDataObject[]; error?: unknown }>> {
	const keys = await nameKeys(this, entity, batchKeys(this, count));
	const found = await findAll(this, entity, keys);
	const out: Array<{ value?: IDataObject[]; error?: unknown }> = [];
	for (let i = 0; i < count; i++) {
		const key = keys[i];
		try {
			if ('error' in key) throw key.error;
			const record = found[key.field].get(key.value);
			const label = key.field === 'id' ? `ID ${key.value}` : `ticket number ${key.value}`;
			out.push({
				value: record
					? await shapeRecords(this, i, entity, [record])
					: missingRecord(this, i, entity, label),
			});
		} catch (error) {
			out.push({ error });
		}
	}
	return out;
}
