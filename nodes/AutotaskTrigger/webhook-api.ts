import type {
	IDataObject,
	IHookFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { entityOperationPath, type CatalogEntry } from '../Autotask/catalog';
import { autotaskQuery, autotaskRequest } from '../Autotask/transport';
import { memory } from './trigger-state';
import type { WebhookEntity } from './webhook-entities';
import { union, type WebhookSettings } from './webhook-settings';

/** Webhooks this process deleted lately: Autotask calls their deactivation URL, which is then no news. */
const deletedHere = memory.deletedWebhooks;
const DELETED_MEMORY_MS = 10 * 60_000;

export function deletedByThisNode(entity: WebhookEntity, id: number, now = Date.now()): boolean {
	const until = deletedHere.get(`${entity.webhookEntity}:${id}`);
	return until !== undefined && until > now;
}

function statusOf(error: unknown): number | undefined {
	const e = error as { httpCode?: string | null; cause?: { response?: { status?: number } } };
	const code = Number(e?.httpCode ?? e?.cause?.response?.status);
	return Number.isFinite(code) && code > 0 ? code : undefined;
}

/**
 * Autotask's ways of saying a record is not there: 404, or a 500 whose errors[] reads "No matching
 * records found" or "… with id N does not exist".
 */
function isGone(error: unknown): boolean {
	const status = statusOf(error);
	if (status === 404) return true;
	if (status !== undefined && status !== 500) return false;
	const e = error as { message?: string };
	return /no matching records|does not exist|was not found/i.test(e?.message ?? '');
}

export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(node, error as JsonObject);
}

/** GET /V1.0/{X}Webhooks/{id}; undefined when it does not exist. */
export async function getWebhook(
	ctx: IHookFunctions | IWebhookFunctions,
	entity: WebhookEntity,
	id: number,
): Promise<IDataObject | undefined> {
	try {
		const response = await autotaskRequest.call(ctx, {
			method: 'GET',
			path: entityOperationPath(entity.webhooks, 'root', 'get', { id }),
		});
		const item = response.item as IDataObject | null | undefined;
		return item ?? undefined;
	} catch (error) {
		if (isGone(error)) return undefined;
		throw asNodeError(ctx.getNode(), error);
	}
}

/** DELETE /V1.0/{X}Webhooks/{id}; true when it is gone afterwards (also when it was gone already). */
export async function deleteWebhook(
	ctx: IHookFunctions,
	entity: WebhookEntity,
	id: number,
): Promise<boolean> {
	const now = Date.now();
	for (const [key, until] of deletedHere) if (until <= now) deletedHere.delete(key);
	deletedHere.set(`${entity.webhookEntity}:${id}`, now + DELETED_MEMORY_MS);
	try {
		await autotaskRequest.call(ctx, {
			method: 'DELETE',
			path: entityOperationPath(entity.webhooks, 'root', 'delete', { id }),
		});
		return true;
	} catch (error) {
		if (isGone(error)) return true;
		ctx.logger.warn(
			`Autotask Trigger: could not delete ${entity.webhookEntity} ${id}: ${(error as Error).message}`,
		);
		return false;
	}
}

/** Deletes webhooks of this workflow and node left behind by a crash or a lost static data. */
export async function removeLeftovers(
	ctx: IHookFunctions,
	entity: WebhookEntity,
	name: string,
): Promise<number> {
	const { items } = await autotaskQuery.call(
		ctx,
		entityOperationPath(entity.webhooks, 'root', 'query'),
		{
			filter: [{ op: 'beginsWith', field: 'name', value: name }],
		},
	);
	let removed = 0;
	for (const hook of items) {
		const hookName = String(hook.name ?? '');
		if (hookName !== name && !hookName.startsWith(`${name} `)) continue;
		ctx.logger.info(
			`Autotask Trigger: removing leftover ${entity.webhookEntity} ${String(hook.id)} "${hookName}"`,
		);
		if (!(await deleteWebhook(ctx, entity, Number(hook.id)))) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Could not remove the leftover Autotask webhook ${String(hook.id)}`,
				{
					description:
						'Delete it in Autotask (Admin > Extensions & Integrations > Webhooks) and activate again',
				},
			);
		}
		removed++;
	}
	return removed;
}

/** POST /V1.0/{X}Webhooks: the webhook itself, active; returns its id. */
export async function postWebhook(
	ctx: IHookFunctions,
	settings: WebhookSettings,
	name: string,
	secretKey: string,
): Promise<number> {
	const body: IDataObject = {
		name,
		webhookUrl: settings.webhookUrl,
		deactivationUrl: settings.deactivationUrl,
		secretKey,
		isActive: true,
		isSubscribedToCreateEvents: settings.events.includes('created'),
		isSubscribedToUpdateEvents: settings.events.includes('updated'),
		isSubscribedToDeleteEvents: settings.events.includes('deleted'),
		sendThresholdExceededNotification: settings.sendThresholdExceededNotification,
	};
	if (settings.notificationEmail) body.notificationEmailAddress = settings.notificationEmail;
	const created = await autotaskRequest.call(ctx, {
		method: 'POST',
		path: entityOperationPath(settings.entity.webhooks, 'root', 'create'),
		body,
	});
	const webhookId = Number(created.itemId);
	if (!Number.isFinite(webhookId) || webhookId <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Autotask did not return the id of the new webhook',
		);
	}
	return webhookId;
}

/**
 * POSTs the webhook's children: its fields, UDF fields and excluded resources. One request at a time: the
 * children of one webhook are written in order, never in parallel.
 */
export async function postWebhookChildren(
	ctx: IHookFunctions,
	settings: WebhookSettings,
	webhookId: number,
): Promise<void> {
	const { entity } = settings;
	const post = async (child: CatalogEntry, body: IDataObject) =>
		await autotaskRequest.call(ctx, {
			method: 'POST',
			path: entityOperationPath(child, 'child', 'create', { parentId: webhookId }),
			body: { webhookID: webhookId, ...body },
		});
	for (const fieldID of union(settings.subscribedFields, settings.alwaysFields)) {
		await post(entity.fields, {
			fieldID,
			isSubscribedField: settings.subscribedFields.includes(fieldID),
			isDisplayAlwaysField: settings.alwaysFields.includes(fieldID),
		});
	}
	const udf = entity.udfFields;
	for (const udfFieldID of union(settings.udfSubscribedFields, settings.udfAlwaysFields)) {
		if (!udf) break; // readSettings leaves the UDF lists empty for an entity without UDF fields
		await post(udf, {
			udfFieldID,
			isSubscribedField: settings.udfSubscribedFields.includes(udfFieldID),
			isDisplayAlwaysField: settings.udfAlwaysFields.includes(udfFieldID),
		});
	}
	for (const resourceID of settings.excludedResources) {
		await post(entity.excludedResources, { resourceID });
	}
}

/** Reads the new webhook back; throws unless Autotask reports it active and ready. */
export async function confirmReady(
	ctx: IHookFunctions,
	entity: WebhookEntity,
	webhookId: number,
): Promise<IDataObject> {
	const hook = await getWebhook(ctx, entity, webhookId);
	if (!hook || hook.isActive !== true || hook.isReady !== true) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Autotask created the webhook but does not report it active and ready',
			{
				description: `isActive=${String(hook?.isActive)}, isReady=${String(hook?.isReady)}. Check that at least one subscribed field is valid for this entity.`,
			},
		);
	}
	return hook;
}
