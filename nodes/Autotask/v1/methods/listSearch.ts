import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity, rootOpPath, type CatalogEntry } from '../../catalog';
import { LOCATORS } from '../../helpers/locators';
import { autotaskQuery } from '../../transport';

/** Records per page of a From List. */
const PAGE = 50;

async function search(
	ctx: ILoadOptionsFunctions,
	entity: CatalogEntry | undefined,
	filter?: string,
	token?: string,
) {
	const spec = entity && LOCATORS[entity.name];
	if (!entity || !spec)
		throw new NodeOperationError(
			ctx.getNode(),
			'This resource has no list to choose from; use By ID',
		);
	const conditions: IDataObject[] = [{ op: 'gt', field: 'id', value: Number(token ?? -1) }];
	const term = (filter ?? '').trim();
	if (term)
		conditions.push({
			op: 'or',
			items: spec.search.map((field) => ({ op: 'contains', field, value: term })),
		});
	// The list label is made of the searched fields, so only those are read.
	const { items } = await autotaskQuery.call(
		ctx,
		rootOpPath(entity, 'query'),
		{ filter: conditions, IncludeFields: ['id', ...spec.search] },
		PAGE,
	);
	const result: INodeListSearchResult = {
		results: items.map((r) => ({ name: spec.label(r) || `#${String(r.id)}`, value: String(r.id) })),
	};
	if (items.length === PAGE) result.paginationToken = String(items[items.length - 1].id);
	return result;
}

/** From List of the record ID: the resource's own records. */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	return await search(
		this,
		findEntity(this.getNodeParameter('resource', '') as string),
		filter,
		token,
	);
}

/** From List of the parent ID: records of the resource's parent entity. */
export async function searchParents(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const child = findEntity(this.getNodeParameter('resource', '') as string)?.child;
	return await search(
		this,
		child?.parentEntity ? findEntity(child.parentEntity) : undefined,
		filter,
		token,
	);
}
