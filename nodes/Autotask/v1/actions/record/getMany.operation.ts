import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { childBase, rootOpPath, type CatalogEntry } from '../../../catalog';
import { UDF_PREFIX } from '../../../helpers/field-labels';
import { MATCH_ALL, buildFilter } from '../../../helpers/filters';
import { optionalIdParam, recordTarget } from '../../../helpers/parameters';
import { shapeRecords } from '../../../helpers/record-output';
import { autotaskRequest, followPages } from '../../../transport';
import { READ_SEQUENTIALLY_OPTION, autotaskQueryAll } from '../../../transport/parallel-query';

const SHOW = { show: { operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: SHOW,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
	},
	{
		displayName: 'Select Field Names or IDs',
		name: 'includeFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getQueryFields', loadOptionsDependsOn: ['resource'] },
		default: [],
		description:
			'Return only these fields (ID is always included). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: SHOW,
	},
];

/** Every record of a child list (the records under one parent), up to the limit. */
async function childPages(
	ctx: IExecuteFunctions,
	path: string,
	limit?: number,
): Promise<IDataObject[]> {
	const first = await autotaskRequest.call(ctx, { method: 'GET', path });
	return (await followPages.call(ctx, first, limit)).items;
}

/** Get Many through the root query: the filter, narrowed to one parent when one is given. */
async function queryRecords(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	limit?: number,
): Promise<IDataObject[]> {
	let filter = await buildFilter(ctx, i, entity);
	const includeFields = (ctx.getNodeParameter('includeFields', i, []) as string[]).filter(
		(f) => !f.startsWith(UDF_PREFIX),
	);
	// Narrowed to one parent: its list URL when nothing else is asked, else the query with the parent's field.
	const parent = entity.child?.ops.includes('list')
		? await optionalIdParam(ctx, i, 'parentId', 'Parent ID')
		: undefined;
	if (parent && filter === MATCH_ALL && !includeFields.length) {
		const records = await childPages(ctx, childBase(entity, parent), limit);
		return await shapeRecords(ctx, i, entity, records, parent);
	}
	if (parent && entity.child?.parentIdField) {
		const byParent = { op: 'eq', field: entity.child.parentIdField, value: Number(parent) };
		filter = filter === MATCH_ALL ? [byParent] : [byParent, ...filter];
	}
	const query: IDataObject & { filter: IDataObject[] } = { filter };
	if (includeFields.length) query.IncludeFields = [...new Set(['id', ...includeFields])];
	const options = (ctx.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
	const oneCursor = options[READ_SEQUENTIALLY_OPTION] === true;
	const path = rootOpPath(entity, 'query');
	const { items } = await autotaskQueryAll.call(ctx, path, query, limit, oneCursor);
	return await shapeRecords(ctx, i, entity, items);
}

/** Get Many for item i: a child list, or the root query with the filter. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { route, parentId, base } = await recordTarget(this, i, entity, 'getMany');
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
	if (route.scope === 'child')
		return await shapeRecords(this, i, entity, await childPages(this, base, limit), parentId);
	return await queryRecords(this, i, entity, limit);
}
