import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationPath } from '../../../catalog';
import { autotaskRequest } from '../../../transport';

/** List Entities: what every entity allows in this database, one item each. */
export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	const answer = await autotaskRequest.call(this, {
		method: 'GET',
		path: operationPath('special:entityInformation'),
	});
	const list = (answer.entityDescriptions as IDataObject[] | undefined) ?? [];
	return list.map((d) => (d.info as IDataObject) ?? d);
}
