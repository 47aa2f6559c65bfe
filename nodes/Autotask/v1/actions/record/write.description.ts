/**
 * What the writes share: the resource a write is made as, and the write options (the record read back
 * or only its ID; a preview of the request instead of sending it). Each property is shown for all the
 * verbs that take it, once.
 */
import type { INodeProperties } from 'n8n-workflow';

import { READ_BACK_VERBS } from '../../../helpers/read-back';
import { MATCHING_OPERATIONS } from './matching.description';

/** The resource a write is made as. */
export const impersonationProperty: INodeProperties = {
	displayName: 'Impersonation Resource ID',
	name: 'impersonationResourceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 29682885',
	description:
		"Make the change as this resource (sent as ImpersonationResourceId). The API user's security level must allow impersonation.",
	displayOptions: {
		show: {
			operation: ['create', 'update', 'replace', 'delete', 'upload', ...MATCHING_OPERATIONS],
		},
	},
};

/** Whether a write outputs the record read back after it, or only its ID; or only previews its request. */
export const writeOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'writeOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	displayOptions: { show: { operation: [...READ_BACK_VERBS, 'delete', ...MATCHING_OPERATIONS] } },
	options: [
		{
			displayName: 'Preview Request (Dry Run)',
			name: 'previewOnly',
			type: 'boolean',
			// On as soon as it is added: a person who adds "Preview" must not get a real write.
			default: true,
			description:
				'Whether to only check the item and output the request it would send (method, path, body, impersonation header) instead of sending it. Nothing is written in Autotask; names and labels are looked up as in a real run.',
		},
		{
			displayName: 'Return Only the ID',
			name: 'returnIdOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to output only {itemId} as Autotask answers a write, instead of the whole record read back after it (one more request per 500 items)',
			displayOptions: { show: { '/operation': [...READ_BACK_VERBS, ...MATCHING_OPERATIONS] } },
		},
	],
};
