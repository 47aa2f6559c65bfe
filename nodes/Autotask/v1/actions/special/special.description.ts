import type { INodeProperties } from 'n8n-workflow';

import { ALL_SPECIALS, allowedKeys } from './specials';

/** The parameters special operations add: the second ID and the JSON body. */
export const description: INodeProperties[] = [
	...ALL_SPECIALS.filter((s) => s.second).map(
		(s): INodeProperties => ({
			displayName: s.second!.displayName,
			name: 'secondId',
			type: 'string',
			required: true,
			default: '',
			description: s.second!.description,
			displayOptions: { show: { operation: [s.value] } },
		}),
	),
	// One Body field per operation, so each shows its own example and the fields Autotask takes.
	...ALL_SPECIALS.filter((s) => s.body).map(
		(s): INodeProperties => ({
			displayName: 'Body (JSON)',
			name: 'specialBody',
			type: 'json',
			default: '{}',
			description: `The request body, e.g. ${s.body!.example}. Autotask takes: ${allowedKeys(s).join(', ')}.`,
			displayOptions: { show: { operation: [s.value] } },
		}),
	),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryOutputPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary property the file is written to',
		displayOptions: {
			show: { operation: ALL_SPECIALS.filter((s) => s.binary).map((s) => s.value) },
		},
	},
];
