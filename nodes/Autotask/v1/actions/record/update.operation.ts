import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { writeRecord } from '../../../helpers/record-body';

/** Update takes the Fields, Impersonation and Options it shares with the other writes (common.description.ts). */
export const description: INodeProperties[] = [];

/** Update of one record for item i: only the fields given change (PATCH). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	return await writeRecord(this, i, entity, 'update');
}
