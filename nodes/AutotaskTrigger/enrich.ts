import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { entityOperationPath } from '../Autotask/catalog';
import { addPicklistLabels } from '../Autotask/helpers/labels';
import { loadFields } from '../Autotask/helpers/metadata';
import { autotaskRequest } from '../Autotask/transport';
import { pick } from './callout';
import { entityOfCallout, webhookEntity, type WebhookEntity } from './webhook-entities';

/** The entity a callout is about: its EntityType, else the node's Entity parameter. */
function calloutEntity(ctx: IWebhookFunctions, payload: IDataObject): WebhookEntity | undefined {
	return (
		entityOfCallout(pick(payload, 'EntityType')) ??
		webhookEntity(String(ctx.getNodeParameter('entity', '')))
	);
}

/**
 * The enrich step: Fetch Full Record and Add Picklist Labels, when the options ask for them. The event
 * still reaches the workflow when they fail; the item says why.
 */
export async function enrich(
	ctx: IWebhookFunctions,
	payload: IDataObject,
	json: IDataObject,
	options: IDataObject,
): Promise<void> {
	if (options.fetchFullRecord === true && json.action !== 'deleted' && json.id !== null) {
		const entity = calloutEntity(ctx, payload);
		if (entity) await fetchFullRecord(ctx, entity, json);
	}
	if (options.addPicklistLabels === true) {
		const entity = calloutEntity(ctx, payload);
		if (entity) await addLabels(ctx, entity, json);
	}
}

/** json.record: the whole record read from Autotask, or null and json.recordError. */
async function fetchFullRecord(
	ctx: IWebhookFunctions,
	entity: WebhookEntity,
	json: IDataObject,
): Promise<void> {
	try {
		const response = await autotaskRequest.call(ctx, {
			method: 'GET',
			path: entityOperationPath(entity.record, 'root', 'get', { id: String(json.id) }),
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

/** A field_label beside each picklist field of json.fields and json.record, or json.labelsError. */
async function addLabels(
	ctx: IWebhookFunctions,
	entity: WebhookEntity,
	json: IDataObject,
): Promise<void> {
	try {
		const metadata = await loadFields(ctx, entity.record);
		json.fields = addPicklistLabels((json.fields as IDataObject) ?? {}, metadata);
		if (json.record) json.record = addPicklistLabels(json.record as IDataObject, metadata);
	} catch (error) {
		// The event itself must still reach the workflow; say why the labels are missing.
		ctx.logger.warn(
			`Autotask Trigger: could not read picklists of ${entity.record.name}: ${(error as Error).message}`,
		);
		json.labelsError = (error as Error).message;
	}
}
