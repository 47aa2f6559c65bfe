import { createHash } from 'crypto';
import type { IHookFunctions, WebhookType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/** The node's parameters and webhook URLs; throws when they cannot make a webhook. */
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

/** Deterministic name prefix for this workflow and node; at most 29 characters (Autotask's Name is string(50)). */
export function webhookName(ctx: IHookFunctions): string {
	const workflowId = String(ctx.getWorkflow().id ?? '') || 'unsaved';
	return `n8n ${workflowId.slice(0, 16)} ${ctx.getNode().id.slice(0, 8)}`;
}

/** Sorted ids without repeats, in either list. */
export function union(a: number[], b: number[]): number[] {
	return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
