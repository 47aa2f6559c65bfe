import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationPath } from '../../../catalog';
import { autotaskRequest } from '../../../transport';

/** Get Version, Get Version Information and Get Modules: one GET each, answered as Autotask sends it. */
export const ACCOUNT_READS: Record<string, string> = {
	version: 'special:version',
	versionInformation: 'special:versionInformation',
	modules: 'special:modules',
};

export async function execute(this: IExecuteFunctions, operation: string): Promise<IDataObject> {
	return await autotaskRequest.call(this, {
		method: 'GET',
		path: operationPath(ACCOUNT_READS[operation]),
	});
}
