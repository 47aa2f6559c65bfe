import { createHash, randomBytes } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INode,
	IWebhookFunctions,
	JsonObject,
	WebhookType,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { operationPath } from '../Autotask/catalog';
import { autotaskQuery, autotaskRequest, CREDENTIAL_TYPE } from '../Autotask/transport';
import { deriveWebhookSecret, KDF_NAME, secretCheck } from './signature';
import { isLegacySecret, rememberSecret, webhookSecret } from './webhook-secret';
import { clearState, memory, nodeState as state } from './trigger-state';
import { webhookEntity, type WebhookEntity } from './webhook-entities';

/** Name of the second webhook n8n registers; Autotask calls it when the webhook is deleted or deactivated. */
export const DEACTIVATION_WEBHOOK = 'deactivation' as WebhookType;

/** Everything that decides what the webhook in Autotask looks like. */
export interface WebhookSettings {
	entity: WebhookEntity;
	events: string[];
	subscribedFields: number[];
	alwaysFields: number[];
	udfSubscribedFields: number[];
	udfAlwaysFields: number[];
	excludedResources: number[];
	notificationEmail: string;
	sendThresholdExceededNotification: boolean;
	webhookUrl: string;
	deactivationUrl: string;
}

function ids(value: unknown): number[] {
	const list = Array.isArray(value)
		? value
		: value === undefined || value === null || value === ''
			? []
			: [value];
	return [...new Set(list.map((v) => Number(v)).filter((n) => Number.isFinite(n)))].sort(
		(a, b) => a - b,
	);
}

export function readSettings(ctx: IHookFunctions): WebhookSettings {
	const node = ctx.getNode();
	const entityValue = ctx.getNodeParameter('entity') as string;
	const entity = webhookEntity(entityValue);
	if (!entity)
		throw new NodeOperationError(node, `The entity "${entityValue}" does not support webhooks`);
	const events = [...new Set((ctx.getNodeParameter('events', []) as string[]) ?? [])].sort();
	if (!events.length) {
		throw new NodeOperationError(node, 'No events are selected', {
			description: 'Pick at least one of Created, Updated or Deleted under Events',
		});
	}
	const udf = entity.udfFields !== undefined;
	const settings: WebhookSettings = {
		entity,
		events,
		subscribedFields: ids(ctx.getNodeParameter('subscribedFields', [])),
		alwaysFields: ids(ctx.getNodeParameter('alwaysSendFields', [])),
		udfSubscribedFields: udf ? ids(ctx.getNodeParameter('udfSubscribedFields', [])) : [],
		udfAlwaysFields: udf ? ids(ctx.getNodeParameter('udfAlwaysSendFields', [])) : [],
		excludedResources: ids(ctx.getNodeParameter('excludedResources', [])),
		notificationEmail: String(ctx.getNodeParameter('notificationEmail', '') ?? '').trim(),
		sendThresholdExceededNotification:
			ctx.getNodeParameter('sendThresholdExceededNotification', false) === true,
		webhookUrl: ctx.getNodeWebhookUrl('default') ?? '',
		deactivationUrl: ctx.getNodeWebhookUrl(DEACTIVATION_WEBHOOK) ?? '',
	};
	if (!settings.subscribedFields.length && !settings.udfSubscribedFields.length) {
		throw new NodeOperationError(node, 'No subscribed fields are selected', {
			description:
				'Autotask only calls out when a subscribed field changes: pick at least one Subscribed Field',
		});
	}
	if (!settings.webhookUrl || !settings.deactivationUrl) {
		throw new NodeOperationError(node, 'n8n did not provide the webhook URLs for this node');
	}
	return settings;
}

/** A short hash of the settings: a stored webhook is reused only while it still matches. */
export function fingerprint(settings: WebhookSettings): string {
	const { entity, ...rest } = settings;
	return createHash('sha256')
		.update(JSON.stringify({ entity: entity.value, ...rest }))
		.digest('hex')
		.slice(0, 32);
}

/** Deterministic name prefix for this workflow and node; at most 29 characters (Name is string(50)). */
export function webhookName(ctx: IHookFunctions): string {
	const workflowId = String(ctx.getWorkflow().id ?? '') || 'unsaved';
	return `n8n ${workflowId.slice(0, 16)} ${ctx.getNode().id.slice(0, 8)}`;
}

export function newNonce(): string {
	return randomBytes(16).toString('hex');
}

export { webhookSecret };

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
 * records found" (FACTS) or "… with id N does not exist".
 */
export function isGone(error: unknown): boolean {
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
			path: operationPath(entity.webhooks, 'root', 'get', { id }),
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
			path: operationPath(entity.webhooks, 'root', 'delete', { id }),
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
	const { items } = await autotaskQuery.call(ctx, operationPath(entity.webhooks, 'root', 'query'), {
		filter: [{ op: 'beginsWith', field: 'name', value: name }],
	});
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

/** Creates the webhook, its fields, UDF fields and exclusions, and confirms it is active and ready. */
export async function createWebhook(ctx: IHookFunctions): Promise<boolean> {
	const node = ctx.getNode();
	const settings = readSettings(ctx);
	const { entity } = settings;
	const name = webhookName(ctx);
	await removeLeftovers(ctx, entity, name);

	const nonce = newNonce();
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const secret = await deriveWebhookSecret(String(credentials.secret ?? ''), nonce);
	const body: IDataObject = {
		name,
		webhookUrl: settings.webhookUrl,
		deactivationUrl: settings.deactivationUrl,
		secretKey: secret,
		isActive: true,
		isSubscribedToCreateEvents: settings.events.includes('created'),
		isSubscribedToUpdateEvents: settings.events.includes('updated'),
		isSubscribedToDeleteEvents: settings.events.includes('deleted'),
		sendThresholdExceededNotification: settings.sendThresholdExceededNotification,
	};
	if (settings.notificationEmail) body.notificationEmailAddress = settings.notificationEmail;
	const created = await autotaskRequest.call(ctx, {
		method: 'POST',
		path: operationPath(entity.webhooks, 'root', 'create'),
		body,
	});
	const webhookId = Number(created.itemId);
	if (!Number.isFinite(webhookId) || webhookId <= 0) {
		throw new NodeOperationError(node, 'Autotask did not return the id of the new webhook');
	}

	try {
		// One request at a time: the children of one webhook are written in order, never in parallel.
		for (const fieldID of union(settings.subscribedFields, settings.alwaysFields)) {
			await autotaskRequest.call(ctx, {
				method: 'POST',
				path: operationPath(entity.fields, 'child', 'create', { parentId: webhookId }),
				body: {
					webhookID: webhookId,
					fieldID,
					isSubscribedField: settings.subscribedFields.includes(fieldID),
					isDisplayAlwaysField: settings.alwaysFields.includes(fieldID),
				},
			});
		}
		for (const udfFieldID of union(settings.udfSubscribedFields, settings.udfAlwaysFields)) {
			await autotaskRequest.call(ctx, {
				method: 'POST',
				path: operationPath(entity.udfFields!, 'child', 'create', { parentId: webhookId }),
				body: {
					webhookID: webhookId,
					udfFieldID,
					isSubscribedField: settings.udfSubscribedFields.includes(udfFieldID),
					isDisplayAlwaysField: settings.udfAlwaysFields.includes(udfFieldID),
				},
			});
		}
		for (const resourceID of settings.excludedResources) {
			await autotaskRequest.call(ctx, {
				method: 'POST',
				path: operationPath(entity.excludedResources, 'child', 'create', {
					parentId: webhookId,
				}),
				body: { webhookID: webhookId, resourceID },
			});
		}
		const hook = await getWebhook(ctx, entity, webhookId);
		if (!hook || hook.isActive !== true || hook.isReady !== true) {
			throw new NodeOperationError(
				node,
				'Autotask created the webhook but does not report it active and ready',
				{
					description: `isActive=${String(hook?.isActive)}, isReady=${String(hook?.isReady)}. Check that at least one subscribed field is valid for this entity.`,
				},
			);
		}
		const s = state(ctx);
		clearState(ctx);
		rememberSecret(nonce, secret);
		Object.assign(s, {
			webhookId,
			webhookEntity: entity.value,
			secretNonce: nonce,
			secretCheck: secretCheck(secret),
			secretKdf: KDF_NAME,
			guid: String(hook.webhookGUID ?? ''),
			fingerprint: fingerprint(settings),
		});
		return true;
	} catch (error) {
		ctx.logger.warn(
			`Autotask Trigger: setting up ${entity.webhookEntity} ${webhookId} failed, deleting it: ${(error as Error).message}`,
		);
		await deleteWebhook(ctx, entity, webhookId);
		throw asNodeError(node, error);
	}
}

function union(a: number[], b: number[]): number[] {
	return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** True only when the stored webhook still exists, is active, points here and matches the settings. */
export async function webhookExists(ctx: IHookFunctions): Promise<boolean> {
	const s = state(ctx);
	if (s.webhookId === undefined) return false;
	const stored = webhookEntity(String(s.webhookEntity ?? ''));
	if (!stored) {
		ctx.logger.warn('Autotask Trigger: static data names no known webhook entity; forgetting it');
		clearState(ctx);
		return false;
	}
	const id = Number(s.webhookId);
	const hook = await getWebhook(ctx, stored, id);
	if (!hook) {
		ctx.logger.info(`Autotask Trigger: ${stored.webhookEntity} ${id} no longer exists in Autotask`);
		clearState(ctx);
		return false;
	}
	let current: string | undefined;
	let reason = '';
	try {
		current = fingerprint(readSettings(ctx));
	} catch (error) {
		reason = `the settings are incomplete (${(error as Error).message})`;
		ctx.logger.warn(`Autotask Trigger: ${reason}`);
	}
	if (!reason) {
		if (hook.isActive !== true) reason = 'it is inactive';
		else if (hook.webhookUrl !== ctx.getNodeWebhookUrl('default'))
			reason = 'its URL differs from this node';
		else if (hook.deactivationUrl !== ctx.getNodeWebhookUrl(DEACTIVATION_WEBHOOK))
			reason = 'its deactivation URL differs';
		else if (current !== s.fingerprint) reason = 'the node settings changed';
		else if (!s.secret && !s.secretNonce) reason = 'no secret is stored for it';
		else if (isLegacySecret(s))
			reason =
				'its secret was made by an older release whose static data allowed fast guessing of the API secret';
		else if (!(await webhookSecret(ctx, s)))
			reason = 'the Secret of the Autotask API credential changed since it was made';
	}
	if (!reason) return true;
	ctx.logger.warn(`Autotask Trigger: replacing ${stored.webhookEntity} ${id} because ${reason}`);
	if (!(await deleteWebhook(ctx, stored, id))) {
		ctx.logger.warn(
			`Autotask Trigger: the stale ${stored.webhookEntity} ${id} is still in Autotask`,
		);
	}
	clearState(ctx);
	return false;
}

/** Deletes the stored webhook; false (and logged) when Autotask refused. */
export async function removeWebhook(ctx: IHookFunctions): Promise<boolean> {
	const s = state(ctx);
	if (s.webhookId === undefined) return true;
	const stored = webhookEntity(String(s.webhookEntity ?? ''));
	if (!stored) {
		ctx.logger.warn(
			'Autotask Trigger: static data names no known webhook entity; nothing to delete',
		);
		clearState(ctx);
		return true;
	}
	const ok = await deleteWebhook(ctx, stored, Number(s.webhookId));
	if (ok) clearState(ctx);
	return ok;
}
