import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { idParam, recordTarget } from '../../../helpers/parameters';
import { impersonation } from '../../../helpers/record-body';
import { autotaskRequest } from '../../../transport';

/** Delete takes the ID and Impersonation it shares with other verbs (common.description.ts). */
export const description: INodeProperties[] = [];

/** Delete of one record for item i. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { base } = await recordTarget(this, i, entity, 'delete');
	const id = await idParam(this, i, 'id', 'ID', entity.model);
	await autotaskRequest.call(this, {
		method: 'DELETE',
		path: `${base}/${id}`,
		headers: impersonation(this, i),
	});
	return [{ id: Number(id), deleted: true }];
}
