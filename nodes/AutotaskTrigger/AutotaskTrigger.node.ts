import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { addPicklistLabels } from '../Autotask/actions/labels';
import { loadFields } from '../Autotask/actions/metadata';
import { findEntity } from '../Autotask/catalog';
import { autotaskQuery, autotaskRequest } from '../Autotask/transport';
import { calloutToItem, isDeactivated, isRepeat, parseCallout, pick } from './callout';
import { createWebhook, DEACTIVATION_WEBHOOK, removeWebhook, webhookExists, type TriggerState } from './lifecycle';
import { verifySignature } from './signature';
import { WEBHOOK_ENTITIES, entityOfCallout, webhookEntity } from './webhook-entities';

type RawRequest = { rawBody?: unknown; readRawBody?: () => Promise<void> };

async function picklist(ctx: ILoadOptionsFunctions, entityName: string, fieldNames: string[]): Promise<INodePropertyOptions[]> {
	const response = await autotaskRequest.call(ctx, {
		method: 'GET',
		path: `/V1.0/${entityName}/entityInformation/fields`,
	});
	const fields = (response.fields as IDataObject[] | undefined) ?? [];
	const field = fieldNames.map((n) => fields.find((f) => f.name === n)).find((f) => f !== undefined);
	const values = (field?.picklistValues as IDataObject[] | undefined) ?? [];
	return values
		.filter((v) => v.isActive !== false)
		.map((v) => ({ name: String(v.label ?? v.value), value: Number(v.value) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

function selectedEntity(ctx: ILoadOptionsFunctions) {
	return webhookEntity(String(ctx.getCurrentNodeParameter('entity') ?? ''));
}

export class AutotaskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Trigger',
		name: 'autotaskTrigger',
		icon: { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["entity"] + ": " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Autotask PSA calls out about a company, contact, configuration item, ticket or ticket note',
		defaults: { name: 'Autotask Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			{ name: DEACTIVATION_WEBHOOK, httpMethod: 'POST', responseMode: 'onReceived', path: 'deactivation' },
		],
		properties: [
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
						description: 'Whether to add a field_label beside each picklist field (e.g. status_label: "Complete"), from your Autotask\'s picklists (one metadata read per callout)',
					},
					{
						displayName: 'Drop Repeated Callouts',
						name: 'dropRepeatedCallouts',
						type: 'boolean',
						default: true,
						description: 'Whether a callout whose sequence number was already received is acknowledged without starting the workflow',
					},
					{
						displayName: 'Fetch Full Record',
						name: 'fetchFullRecord',
						type: 'boolean',
						default: false,
						description: 'Whether to read the whole record from Autotask for each created or updated event (one request per event)',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			async getWebhookFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const entity = selectedEntity(this);
				if (!entity) return [];
				return await picklist(this, entity.fieldsEntity, ['fieldID']);
			},
			async getWebhookUdfFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const entity = selectedEntity(this);
				if (!entity?.udfFieldsEntity) return [];
				return await picklist(this, entity.udfFieldsEntity, ['udfFieldID', 'fieldID']);
			},
			async getResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { items } = await autotaskQuery.call(this, '/V1.0/Resources/query', {
					filter: [{ op: 'eq', field: 'isActive', value: true }],
					IncludeFields: ['id', 'firstName', 'lastName', 'userName'],
				});
				return items
					.map((r) => {
						const name = [r.firstName, r.lastName].filter((p) => p).join(' ') || String(r.userName ?? r.id);
						return { name, value: Number(r.id) };
					})
					.sort((a, b) => a.name.localeCompare(b.name));
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await webhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const respond = (status: number, body: IDataObject): IWebhookResponseData => {
			res.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const req = this.getRequestObject() as unknown as RawRequest;
		if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function') await req.readRawBody();
		const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;

		if (this.getWebhookName() === DEACTIVATION_WEBHOOK) {
			const payload = raw ? parseCallout(raw) : undefined;
			this.logger.warn(
				`Autotask Trigger: Autotask deactivated webhook ${String(payload ? pick(payload, 'Id') : 'unknown')} ` +
					`(${String(payload ? pick(payload, 'EntityType') : 'unknown entity')}); the workflow gets no more callouts until it is activated again`,
			);
			return respond(200, { received: true });
		}

		if (!raw) {
			this.logger.warn('Autotask Trigger: callout refused because its raw body is not available to verify');
			return respond(401, { error: 'The callout could not be verified' });
		}
		const payload = parseCallout(raw);
		if (!payload) return respond(400, { error: 'The callout body is not a JSON object' });
		if (isDeactivated(payload)) {
			// Unsigned by Autotask: acknowledged and logged, never trusted to change anything.
			this.logger.warn(
				`Autotask Trigger: received a Deactivated callout for webhook ${String(pick(payload, 'Guid') ?? 'unknown')}; nothing was started`,
			);
			return respond(200, { received: true });
		}

		const state = this.getWorkflowStaticData('node') as TriggerState;
		const signature = this.getHeaderData()['x-hook-signature'];
		if (!verifySignature(state.secret, raw, signature)) {
			this.logger.warn(`Autotask Trigger: callout refused, ${signature ? 'wrong' : 'missing'} X-Hook-Signature`);
			return respond(401, { error: 'Invalid signature' });
		}

		const json = calloutToItem(payload);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.dropRepeatedCallouts !== false) {
			const guid = String(json.webhookGuid ?? state.guid ?? '');
			state.sequences = state.sequences ?? {};
			if (isRepeat(state.sequences, guid, json.sequenceNumber as number | null)) {
				return respond(200, { received: true, repeated: true });
			}
		}

		if (options.fetchFullRecord === true && json.action !== 'deleted' && json.id !== null) {
			const entity = entityOfCallout(pick(payload, 'EntityType')) ?? webhookEntity(String(this.getNodeParameter('entity', '')));
			if (entity) {
				try {
					const response = await autotaskRequest.call(this, {
						method: 'GET',
						path: `/V1.0/${entity.restEntity}/${String(json.id)}`,
					});
					json.record = (response.item as IDataObject | null | undefined) ?? null;
				} catch (error) {
					this.logger.warn(`Autotask Trigger: could not read ${entity.restEntity} ${String(json.id)}: ${(error as Error).message}`);
					json.record = null;
					json.recordError = (error as Error).message;
				}
			}
		}

		if (options.addPicklistLabels === true) {
			const entity = entityOfCallout(pick(payload, 'EntityType')) ?? webhookEntity(String(this.getNodeParameter('entity', '')));
			const catalogEntity = entity ? findEntity(entity.restEntity) : undefined;
			if (catalogEntity) {
				try {
					const metadata = await loadFields(this, catalogEntity);
					json.fields = addPicklistLabels((json.fields as IDataObject) ?? {}, metadata);
					if (json.record) json.record = addPicklistLabels(json.record as IDataObject, metadata);
				} catch (error) {
					// The event itself must still reach the workflow; say why the labels are missing.
					this.logger.warn(`Autotask Trigger: could not read picklists of ${catalogEntity.name}: ${(error as Error).message}`);
					json.labelsError = (error as Error).message;
				}
			}
		}

		return { workflowData: [this.helpers.returnJsonArray([json])] };
	}
}
