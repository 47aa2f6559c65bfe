import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { autotaskRequest } from '../transport';

/** Account-level endpoints of the REST API (FACTS.md §1, §8, §10). */
export const apiOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['api'] } },
	options: [
		{
			name: 'Get Modules',
			value: 'modules',
			description: 'Which Autotask modules are active for this database',
			action: 'Get modules',
		},
		{
			name: 'Get Threshold Information',
			value: 'thresholdInformation',
			description: 'How much of the hourly request limit is used, as numbers and percent',
			action: 'Get threshold information',
		},
		{
			name: 'Get Version',
			value: 'version',
			description: 'The Autotask release this database runs',
			action: 'Get version',
		},
		{
			name: 'Get Version Information',
			value: 'versionInformation',
			description: 'The REST API versions the zone offers',
			action: 'Get version information',
		},
	],
	default: 'thresholdInformation',
};

export async function executeApi(
	this: IExecuteFunctions,
	operation: string,
): Promise<IDataObject> {
	switch (operation) {
		case 'versionInformation':
			return await autotaskRequest.call(this, { method: 'GET', path: '/VersionInformation' });
		case 'version':
			return await autotaskRequest.call(this, { method: 'GET', path: '/V1.0/Version' });
		case 'modules':
			return await autotaskRequest.call(this, { method: 'GET', path: '/V1.0/Modules' });
		default: {
			const t = await autotaskRequest.call(this, {
				method: 'GET',
				path: '/V1.0/ThresholdInformation',
			});
			const used = Number(t.currentTimeframeRequestCount ?? 0);
			const limit = Number(t.externalRequestThreshold ?? 0);
			return {
				...t,
				remainingRequests: Math.max(0, limit - used),
				usagePercent: limit > 0 ? Math.round((used / limit) * 1000) / 10 : null,
			};
		}
	}
}
