import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { rootOpPath, type CatalogEntry } from '../../../catalog';
import { buildFilter } from '../../../helpers/filters';
import { recordTarget } from '../../../helpers/parameters';
import { autotaskCount } from '../../../transport';

/** Count takes the filter it shares with Get Many (common.description.ts). */
export const description: INodeProperties[] = [];

/** Count for item i: how many records the filter matches. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	await recordTarget(this, i, entity, 'count');
	const filter = await buildFilter(this, i, entity);
	return [{ count: await autotaskCount.call(this, rootOpPath(entity, 'count'), filter) }];
}
