import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { METADATA_OPERATIONS } from '../../../helpers/metadata-entity';

const metadataOperationOptions: INodePropertyOptions[] = [
	{
		name: 'Get Entity Info',
		value: 'getEntityInfo',
		description:
			'What one entity allows in your Autotask (create, update, delete, query, UDFs, webhooks)',
		action: 'Get entity info',
	},
	{
		name: 'Get Field Info',
		value: 'getFieldInfo',
		description:
			"One entity's fields and user-defined fields in your Autotask, with types and picklists",
		action: 'Get field info of an entity',
	},
	{
		name: 'Get Picklist Values',
		value: 'getPicklistValues',
		description: 'The values and labels of one picklist field of an entity',
		action: 'Get picklist values of a field',
	},
];

/** The API resource's operations: account-level endpoints of the REST API, and what Autotask says about any entity. */
export const apiOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['api'] } },
	options: [
		...metadataOperationOptions,
		{
			name: 'List Entities',
			value: 'entityInformation',
			description:
				'What every entity allows in this database (create, update, delete, query, UDFs, webhooks), one item each',
			action: 'List all entities',
		},
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
		{
			name: 'Get Zone Information',
			value: 'zoneInformation',
			description:
				"Which Autotask zone (data centre) and API URL the credential's username belongs to",
			action: 'Get zone information',
		},
		{
			name: 'Make an API Request',
			value: 'request',
			description:
				'Call any path of the REST API with this credential, its zone and its retry rules',
			action: 'Make an API request',
		},
	].sort((a, b) => a.name.localeCompare(b.name)),
	default: 'thresholdInformation',
};

/** The entity Get Entity Info, Get Field Info and Get Picklist Values describe. */
export const entityProperty: INodeProperties = {
	displayName: 'Entity Name or ID',
	name: 'entity',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getEntities' },
	required: true,
	default: '',
	description:
		'The entity to describe, e.g. Ticket. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { resource: ['api'], operation: [...METADATA_OPERATIONS] } },
};
