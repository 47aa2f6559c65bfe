import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationPath } from '../../../catalog';
import { autotaskRequest, CREDENTIAL_TYPE } from '../../../transport';

/** Get Zone Information: the zone of the credential's username, as Autotask reports it. */
export async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return await autotaskRequest.call(this, {
		method: 'GET',
		path: operationPath('special:zoneInformation'),
		qs: { user: String(credentials.username ?? '').trim() },
	});
}
