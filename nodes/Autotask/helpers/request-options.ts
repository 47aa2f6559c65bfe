import type { INodeProperties } from 'n8n-workflow';

import { HOURLY_LIMIT_PARAMETER } from '../transport';

/**
 * What the node does when Autotask's hourly request limit for the database is used up (429). The
 * transport reads it only when a 429 arrives (transport/index.ts, hourlyLimitPolicy).
 */
export const onHourlyLimitProperty: INodeProperties = {
	displayName: 'On Hourly Limit',
	name: HOURLY_LIMIT_PARAMETER,
	type: 'options',
	noDataExpression: true,
	default: 'waitBriefly',
	options: [
		{
			name: 'Stop With an Error',
			value: 'stop',
			description: 'Stop at once; the error says when to try again',
		},
		{
			name: 'Wait Briefly, Then Stop',
			value: 'waitBriefly',
			description:
				'Wait out a Retry-After of up to 2 minutes; if Autotask asks for longer, stop with an error that says when to try again',
		},
		{
			name: 'Wait Until It Resets',
			value: 'waitUntilReset',
			description:
				'Wait as long as Autotask asks (at most 65 minutes in all), then carry on. The execution stays open while it waits.',
		},
	],
	description:
		"What to do when your Autotask database's hourly allowance of API requests (shared by every integration) is used up",
};
