import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { idParam, recordTarget } from '../../../helpers/parameters';
import { isPreview, sendWrite } from '../../../helpers/preview';
import { impersonation } from '../../../helpers/record-body';

/** Delete takes the ID and Impersonation it shares with other verbs (common.description.ts). */
export const description: INodeProperties[] = [];

/** Delete of one record for item i; with Preview, the request it would send. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { base } = await recordTarget(this, i, entity, 'delete');
	const id = await idParam(this, i, 'id', 'ID', entity.model);
	const sent = await sendWrite(this, i, {
		method: 'DELETE',
		path: `${base}/${id}`,
		headers: impersonation(this, i),
	});
	return [isPreview(this, i) ? sent : { id: Number(id), deleted: true }];
}
