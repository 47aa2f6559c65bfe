/**
 * The parameters of Create or Update and Find or Create, each shown for every resource that has them
 * (one property for all resources keeps the node description small). Fields, Parent ID and the write
 * options are the ones Create shows (common.description.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

import { conditionValues } from '../../../helpers/conditions';

export const MATCHING_OPERATIONS = ['createOrUpdate', 'findOrCreate'];

export const description: INodeProperties[] = [
	{
		displayName: 'Match On Names or IDs',
		name: 'matchOn',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getMatchFields', loadOptionsDependsOn: ['resource'] },
		required: true,
		default: [],
		description:
			'The fields that identify a record: a record matches when all of them equal the values given under Fields. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: MATCHING_OPERATIONS } },
	},
	{
		displayName: 'If Several Match',
		name: 'ifSeveralMatch',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Stop with an error listing the matching IDs' },
			{ name: 'Update All', value: 'updateAll', description: 'Update every matching record' },
		],
		displayOptions: { show: { operation: ['createOrUpdate'] } },
	},
	{
		displayName: 'If Several Match',
		name: 'ifSeveralMatch',
		type: 'options',
		default: 'fail',
		options: [
			{ name: 'Fail', value: 'fail', description: 'Stop with an error listing the matching IDs' },
			{
				name: 'Use the Oldest',
				value: 'oldest',
				description: 'Return the matching record with the lowest ID',
			},
		],
		displayOptions: { show: { operation: ['findOrCreate'] } },
	},
	{
		displayName: 'Also Require',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Condition',
		default: {},
		description:
			'Conditions a record must also meet to match, all of them (e.g. Status not equal to Complete: only an open ticket matches)',
		displayOptions: { show: { operation: MATCHING_OPERATIONS } },
		options: [{ displayName: 'Condition', name: 'condition', values: conditionValues }],
	},
];
