import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { metadataEntity } from '../../../helpers/metadata-entity';
import { metadataPath } from '../../../helpers/metadata';
import { autotaskRequest } from '../../../transport';

/** Get Entity Info: what one entity allows in this Autotask (create, update, delete, query, UDFs, webhooks). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const entity = metadataEntity(this, i);
	const answer = await autotaskRequest.call(this, {
		method: 'GET',
		path: metadataPath(entity, 'entityInformation') ?? '',
	});
	return [(answer.info as IDataObject) ?? answer];
}
