import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { recordTarget } from '../../../helpers/parameters';
import { autotaskRequest } from '../../../transport';

/** Approve takes only the parent's ID (common.description.ts). */
export const description: INodeProperties[] = [];

/** Approve for item i: a GET on the parent's action URL that changes data, so never repeated blindly. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { base } = await recordTarget(this, i, entity, 'approve');
	return [await autotaskRequest.call(this, { method: 'GET', path: base, idempotent: false })];
}
