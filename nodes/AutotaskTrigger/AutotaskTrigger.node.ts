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
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { addPicklistLabels } from '../Autotask/helpers/labels';
import { loadFields } from '../Autotask/helpers/metadata';
import { findEntity } from '../Autotask/catalog';
import { PANEL_DESCRIPTION } from '../Autotask/panel-description';
import { fieldLabel } from '../Autotask/helpers/field-labels';

/** A webhook field's picklist label is the API field name (or a UDF's own label, which has spaces). */
const readable = (name: string) => (/\s/.test(name) ? name : fieldLabel({ name }));
import { autotaskQuery, autotaskRequest } from '../Autotask/transport';
import {
	calloutToItem,
	claimCallout,
	forgetSequence,
	isDeactivated,
	isRepeat,
	parseCallout,
	pick,
	releaseCallout,
} from './callout';
import { handleDeactivation, unverifiedLogKey, type Respond } from './deactivation';
import {
	createWebhook,
	DEACTIVATION_WEBHOOK,
	removeWebhook,
	webhookExists,
	webhookSecret,
	type TriggerState,
} from './lifecycle';
import { logUnverified } from './log-limit';
import { verifySignature } from './signature';
import { WEBHOOK_ENTITIES, entityOfCallout, webhookEntity } from './webhook-entities';

type RawRequest = { rawBody?: unknown; readRawBody?: () => Promise<void> };

/** Autotask's callouts are small (fields of one record); a larger body is refused before it is parsed. */
export const MAX_CALLOUT_BYTES = 1024 * 1024;

/**
 * An unsigned body (the deactivation call, or a callout whose signature does not verify) larger than this
 * is refused before it is parsed: Autotask's deactivation notice is a few hundred bytes (issue 14 point 8).
 */
export const MAX_UNSIGNED_BYTES = 64 * 1024;

async function picklist(
	ctx: ILoadOptionsFunctions,
	entityName: string,
	fieldNames: string[],
): Promise<INodePropertyOptions[]> {
	const response = await autotaskRequest.call(ctx, {
		method: 'GET',
		path: `/V1.0/${entityName}/entityInformation/fields`,
	});
	const fields = (response.fields as IDataObject[] | undefined) ?? [];
	const field = fieldNames
		.map((n) => fields.find((f) => f.name === n))
		.find((f) => f !== undefined);
	const values = (field?.picklistValues as IDataObject[] | undefined) ?? [];
	return values
		.filter((v) => v.isActive !== false)
		.map((v) => ({
			name: readable(String(v.label ?? v.value)),
			value: Number(v.value),
			description: String(v.label ?? v.value),
		}))
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
		// n8n's nodes panel shows this text on the merged Autotask entry (action node and trigger).
		description: PANEL_DESCRIPTION,
		defaults: { name: 'Autotask Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskApi', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			{
				name: DEACTIVATION_WEBHOOK,
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'deactivation',
			},
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
				description:
					'Whether Autotask also emails when callouts are delayed by its threshold limits',
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
						const name =
							[r.firstName, r.lastName].filter((p) => p).join(' ') || String(r.userName ?? r.id);
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
		if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function')
			await req.readRawBody();
		const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;

		const state = this.getWorkflowStaticData('node') as TriggerState;
		const deactivationUrl = this.getWebhookName() === DEACTIVATION_WEBHOOK;
		const logKey = unverifiedLogKey(this, state, deactivationUrl ? 'deactivation' : 'callout');
		if (raw && raw.length > (deactivationUrl ? MAX_UNSIGNED_BYTES : MAX_CALLOUT_BYTES)) {
			logUnverified(
				this.logger,
				'warn',
				logKey,
				`Autotask Trigger: call refused, its body of ${raw.length} bytes is larger than ${deactivationUrl ? 'a deactivation call' : 'a callout'} can be`,
			);
			return respond(413, { error: 'The body is too large' });
		}
		if (deactivationUrl) {
			return await handleDeactivation(this, raw ? parseCallout(raw) : undefined, respond);
		}
		if (!raw) {
			this.logger.warn(
				'Autotask Trigger: callout refused because its raw body is not available to verify',
			);
			return respond(401, { error: 'The callout could not be verified' });
		}

		// The signature is checked on the raw bytes before anything in the body is believed.
		const signature = this.getHeaderData()['x-hook-signature'];
		const secret = await webhookSecret(this, state);
		if (!verifySignature(secret, raw, signature)) {
			return await refuseUnverified(
				this,
				{ raw, state, secret, signed: !!signature, logKey },
				respond,
			);
		}
		const payload = parseCallout(raw);
		if (!payload) return respond(400, { error: 'The callout body is not a JSON object' });
		if (isDeactivated(payload)) return await handleDeactivation(this, payload, respond);

		const json = calloutToItem(payload);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const guid = String(json.webhookGuid ?? state.guid ?? '');
		const sequence = json.sequenceNumber as number | null;
		let claim: string | undefined;
		if (options.dropRepeatedCallouts !== false && sequence !== null) {
			// Both checks run before the first await: an overlapping delivery of the same callout sees the claim.
			claim = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${guid}|${sequence}`;
			if (!claimCallout(claim)) return respond(200, { received: true, repeated: true });
			state.sequences = state.sequences ?? {};
			state.highestSequences = state.highestSequences ?? {};
			if (isRepeat(state.sequences, guid, sequence, state.highestSequences))
				return respond(200, { received: true, repeated: true });
		}
		try {
			await enrich(this, payload, json, options);
		} catch (error) {
			// Not handled: let Autotask's retry through.
			if (claim) {
				releaseCallout(claim);
				forgetSequence(state.sequences ?? {}, guid, sequence);
			}
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		return { workflowData: [this.helpers.returnJsonArray([json])] };
	}
}

/**
 * A callout whose signature does not verify: Autotask's unsigned Deactivated notice (small, handled as the
 * deactivation call, never trusted), or a refusal. Its log lines are rate-limited (issue 14 point 8).
 */
async function refuseUnverified(
	ctx: IWebhookFunctions,
	call: {
		raw: Buffer;
		state: TriggerState;
		secret: string | undefined;
		signed: boolean;
		logKey: string;
	},
	respond: Respond,
): Promise<IWebhookResponseData> {
	const log = (message: string) => logUnverified(ctx.logger, 'warn', call.logKey, message);
	if (call.raw.length > MAX_UNSIGNED_BYTES) {
		log(
			`Autotask Trigger: unsigned call refused, its body of ${call.raw.length} bytes is larger than a deactivation notice can be`,
		);
		return respond(413, { error: 'The body is too large' });
	}
	const unsigned = parseCallout(call.raw);
	if (unsigned && isDeactivated(unsigned)) return await handleDeactivation(ctx, unsigned, respond);
	if (!call.secret && call.state.secretNonce) {
		log(
			'Autotask Trigger: callout refused: the Secret of the Autotask API credential changed after this trigger was activated, so callouts cannot be verified. Deactivate and activate the workflow to create the webhook again.',
		);
	} else {
		log(`Autotask Trigger: callout refused, ${call.signed ? 'wrong' : 'missing'} X-Hook-Signature`);
	}
	return respond(401, { error: 'Invalid signature' });
}

/** Fetch Full Record and Add Picklist Labels: the event still reaches the workflow when they fail. */
async function enrich(
	ctx: IWebhookFunctions,
	payload: IDataObject,
	json: IDataObject,
	options: IDataObject,
): Promise<void> {
	if (options.fetchFullRecord === true && json.action !== 'deleted' && json.id !== null) {
		const entity =
			entityOfCallout(pick(payload, 'EntityType')) ??
			webhookEntity(String(ctx.getNodeParameter('entity', '')));
		if (entity) {
			try {
				const response = await autotaskRequest.call(ctx, {
					method: 'GET',
					path: `/V1.0/${entity.restEntity}/${String(json.id)}`,
				});
				json.record = (response.item as IDataObject | null | undefined) ?? null;
			} catch (error) {
				ctx.logger.warn(
					`Autotask Trigger: could not read ${entity.restEntity} ${String(json.id)}: ${(error as Error).message}`,
				);
				json.record = null;
				json.recordError = (error as Error).message;
			}
		}
	}

	if (options.addPicklistLabels === true) {
		const entity =
			entityOfCallout(pick(payload, 'EntityType')) ??
			webhookEntity(String(ctx.getNodeParameter('entity', '')));
		const catalogEntity = entity ? findEntity(entity.restEntity) : undefined;
		if (catalogEntity) {
			try {
				const metadata = await loadFields(ctx, catalogEntity);
				json.fields = addPicklistLabels((json.fields as IDataObject) ?? {}, metadata);
				if (json.record) json.record = addPicklistLabels(json.record as IDataObject, metadata);
			} catch (error) {
				// The event itself must still reach the workflow; say why the labels are missing.
				ctx.logger.warn(
					`Autotask Trigger: could not read picklists of ${catalogEntity.name}: ${(error as Error).message}`,
				);
				json.labelsError = (error as Error).message;
			}
		}
	}
}
