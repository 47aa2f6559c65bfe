import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { operationPath } from '../../../catalog';
import { autotaskRequest } from '../../../transport';

/** Get Threshold Information: the hourly request limit's use, with what is left and the percentage used. */
export async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	const t = await autotaskRequest.call(this, {
		method: 'GET',
		path: operationPath('special:thresholdInformation'),
	});
	const used = Number(t.currentTimeframeRequestCount ?? 0);
	const limit = Number(t.externalRequestThreshold ?? 0);
	return {
		...t,
		remainingRequests: Math.max(0, limit - used),
		usagePercent: limit > 0 ? Math.round((used / limit) * 1000) / 10 : null,
	};
}
