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

import { entityOperationPath, findEntity, type CatalogEntry } from '../Autotask/catalog';
import { PANEL_DESCRIPTION } from '../Autotask/panel-description';
import { fieldLabel } from '../Autotask/helpers/field-labels';

import { autotaskQuery, autotaskRequest } from '../Autotask/transport';
import { calloutToItem, isDeactivated, parseCallout } from './callout';
import { handleDeactivation } from './deactivation';
import { dedupe, release } from './dedupe';
import { emit } from './emit';
import { enrich } from './enrich';
import { createWebhook, removeWebhook, webhookExists } from './lifecycle';
import { TRIGGER_PROPERTIES } from './properties';
import { readCall, refuseOversized } from './receive';
import { verifyCall } from './verify';
import { webhookEntity } from './webhook-entities';
import { DEACTIVATION_WEBHOOK } from './webhook-settings';

/** A webhook field's picklist label is the API field name (or a UDF's own label, which has spaces). */
const readable = (name: string) => (/\s/.test(name) ? name : fieldLabel({ name }));

/** Active resources are offered as excluded resources. */
const RESOURCES_QUERY = entityOperationPath(findEntity('Resources')!, 'root', 'query');

async function picklist(
	ctx: ILoadOptionsFunctions,
	fieldsOf: CatalogEntry,
	fieldNames: string[],
): Promise<INodePropertyOptions[]> {
	const response = await autotaskRequest.call(ctx, {
		method: 'GET',
		path: entityOperationPath(fieldsOf, 'root', 'fields'),
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
		properties: TRIGGER_PROPERTIES,
	};

	methods = {
		loadOptions: {
			async getWebhookFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const entity = selectedEntity(this);
				if (!entity) return [];
				return await picklist(this, entity.fields, ['fieldID']);
			},
			async getWebhookUdfFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const entity = selectedEntity(this);
				if (!entity?.udfFields) return [];
				return await picklist(this, entity.udfFields, ['udfFieldID', 'fieldID']);
			},
			async getResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const { items } = await autotaskQuery.call(this, RESOURCES_QUERY, {
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

	/** read, verify, parse once, de-duplicate, enrich, emit. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const call = await readCall(this);
		const oversized = refuseOversized(call);
		if (oversized) return oversized;
		if (call.kind === 'deactivation') {
			const notice = call.raw ? parseCallout(call.raw) : undefined;
			return await handleDeactivation(this, notice, call.respond);
		}
		const verified = await verifyCall(call);
		if ('answer' in verified) return verified.answer;
		const payload = parseCallout(verified.raw);
		if (!payload) return call.respond(400, { error: 'The callout body is not a JSON object' });
		if (isDeactivated(payload)) return await handleDeactivation(this, payload, call.respond);

		const json = calloutToItem(payload);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const claim = dedupe(this, call.state, json, options);
		if (claim === 'repeat') return call.respond(200, { received: true, repeated: true });
		try {
			await enrich(this, payload, json, options);
		} catch (error) {
			// Not handled: let Autotask's retry through.
			if (claim) release(call.state, claim);
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		return emit(this, json);
	}
}
