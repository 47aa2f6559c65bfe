import type { INodeProperties } from 'n8n-workflow';

import { WEBHOOK_ENTITIES } from './webhook-entities';

/** The Autotask Trigger's parameters. */
export const TRIGGER_PROPERTIES: INodeProperties[] = [
	{
		displayName: 'Entity',
		name: 'entity',
		type: 'options',
		noDataExpression: true,
		options: WEBHOOK_ENTITIES.map((e) => ({ name: e.label, value: e.value })),
		default: 'ticket',
		description: 'The record type whose changes start the workflow',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Created', value: 'created' },
			{ name: 'Deleted', value: 'deleted' },
			{ name: 'Updated', value: 'updated' },
		],
		default: ['created', 'updated'],
		required: true,
		description: 'Which changes start the workflow',
	},
	{
		// n8n keeps the test button disabled while a required parameter is empty, without saying why.
		displayName:
			'Pick at least one subscribed field: Autotask calls out only when one of them changes, so until then the trigger cannot be tested or published',
		name: 'subscribedFieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { subscribedFields: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName: 'Subscribed Field Names or IDs',
		name: 'subscribedFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWebhookFields', loadOptionsDependsOn: ['entity'] },
		default: [],
		required: true,
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Fields whose change makes Autotask call out.',
	},
	{
		displayName: 'Always-Send Field Names or IDs',
		name: 'alwaysSendFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWebhookFields', loadOptionsDependsOn: ['entity'] },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Fields sent with every callout, changed or not.',
	},
	{
		displayName: 'Subscribed UDF Names or IDs',
		name: 'udfSubscribedFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWebhookUdfFields', loadOptionsDependsOn: ['entity'] },
		default: [],
		displayOptions: { hide: { entity: ['ticketNote'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'User-defined fields whose change makes Autotask call out.',
	},
	{
		displayName: 'Always-Send UDF Names or IDs',
		name: 'udfAlwaysSendFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWebhookUdfFields', loadOptionsDependsOn: ['entity'] },
		default: [],
		displayOptions: { hide: { entity: ['ticketNote'] } },
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'User-defined fields sent with every callout.',
	},
	{
		displayName: 'Excluded Resource Names or IDs',
		name: 'excludedResources',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getResources' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Resources whose changes never start the workflow (for example the API user of another integration).',
	},
	{
		displayName: 'Notification Email',
		name: 'notificationEmail',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		description: 'Address Autotask writes to when callouts fail or are delayed',
	},
	{
		displayName: 'Send Threshold Exceeded Notification',
		name: 'sendThresholdExceededNotification',
		type: 'boolean',
		default: false,
		description: 'Whether Autotask also emails when callouts are delayed by its threshold limits',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Picklist Labels',
				name: 'addPicklistLabels',
				type: 'boolean',
				default: false,
				description:
					'Whether to add a field_label beside each picklist field (e.g. status_label: "Complete"), from your Autotask\'s picklists (one metadata read per callout)',
			},
			{
				displayName: 'Drop Repeated Callouts',
				name: 'dropRepeatedCallouts',
				type: 'boolean',
				default: true,
				description:
					'Whether a callout whose sequence number was already received is acknowledged without starting the workflow',
			},
			{
				displayName: 'Fetch Full Record',
				name: 'fetchFullRecord',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the whole record from Autotask for each created or updated event (one request per event)',
			},
			{
				displayName: 'Report Deactivation',
				name: 'reportDeactivation',
				type: 'boolean',
				default: true,
				description:
					'Whether to start the workflow with one item whose action is webhookDeactivated when Autotask deactivates the webhook (confirmed with Autotask first), so the workflow can alert someone',
			},
		],
	},
];
