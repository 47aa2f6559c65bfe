import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { printable } from '../Autotask/transport/safe-text';
import { pick } from './callout';
import { deletedByThisNode, getWebhook } from './webhook-api';
import { logUnverified, unverifiedLogKey } from './log-limit';
import type { Respond } from './receive';
import { memory, type TriggerState } from './trigger-state';
import { webhookEntity, type WebhookEntity } from './webhook-entities';

/** How often this process asks Autotask about one webhook after unsigned deactivation calls. */
export const deactivationCheckSettings = { minIntervalMs: 60_000 };
const lastCheck = memory.deactivationChecks;

function numberOf(value: unknown): number | undefined {
	const n = Number(value);
	return value !== undefined && value !== null && value !== '' && Number.isFinite(n)
		? n
		: undefined;
}

/**
 * Whether a deactivation call is about this node's webhook and may be checked with Autotask now (at most
 * once a minute per webhook); logs why not. Whatever the call says is the sender's text: it reaches a log
 * line only printable and short, and the lines are rate-limited.
 */
function worthChecking(
	state: TriggerState,
	payload: IDataObject | undefined,
	log: (level: 'info' | 'warn', message: string) => void,
): { entity: WebhookEntity; id: number } | undefined {
	const said = payload ? numberOf(pick(payload, 'Id')) : undefined;
	const saidGuid = payload ? pick(payload, 'Guid') : undefined;
	const entity = webhookEntity(String(state.webhookEntity ?? ''));
	const id = numberOf(state.webhookId);
	const about = `webhook ${said ?? printable(saidGuid ?? 'unknown', 64)}`;
	if (id === undefined || !entity) {
		log(
			'info',
			`Autotask Trigger: deactivation call for ${about}; this node has no webhook in Autotask, nothing to do`,
		);
		return undefined;
	}
	const ours =
		(said === undefined && saidGuid === undefined) ||
		said === id ||
		(saidGuid !== undefined && saidGuid === state.guid);
	if (!ours) {
		log(
			'warn',
			`Autotask Trigger: deactivation call for ${about}, which is not this node's webhook ${id}; ignored`,
		);
		return undefined;
	}
	if (deletedByThisNode(entity, id)) {
		log(
			'info',
			`Autotask Trigger: deactivation call for ${entity.webhookEntity} ${id}, which this node deleted itself`,
		);
		return undefined;
	}
	if (state.deactivationReported === id) return undefined;
	const key = `${entity.webhookEntity}:${id}`;
	const now = Date.now();
	const last = lastCheck.get(key);
	if (last !== undefined && now - last < deactivationCheckSettings.minIntervalMs) {
		log(
			'warn',
			`Autotask Trigger: another deactivation call for ${entity.webhookEntity} ${id} within a minute; not checked again`,
		);
		return undefined;
	}
	lastCheck.set(key, now);
	return { entity, id };
}

/**
 * Autotask's deactivation call (to the deactivation URL, or a "Deactivated" action on the callout URL).
 * It is unsigned, so it never changes what the trigger trusts. Before the user is told, Autotask itself
 * is asked whether the webhook is really inactive or gone, at most once a minute per webhook, so forged
 * calls can neither start the workflow nor spend the tenant's API requests.
 */
export async function handleDeactivation(
	ctx: IWebhookFunctions,
	payload: IDataObject | undefined,
	respond: Respond,
): Promise<IWebhookResponseData> {
	const state = ctx.getWorkflowStaticData('node') as TriggerState;
	const logKey = unverifiedLogKey(ctx, state, 'deactivation');
	const log = (level: 'info' | 'warn', message: string) =>
		logUnverified(ctx.logger, level, logKey, message);
	const target = worthChecking(state, payload, log);
	if (!target) return respond(200, { received: true });
	const { entity, id } = target;

	let hook: IDataObject | undefined;
	try {
		hook = await getWebhook(ctx, entity, id);
	} catch (error) {
		log(
			'warn',
			`Autotask Trigger: deactivation call for ${entity.webhookEntity} ${id}; could not ask Autotask whether it is still active: ${printable((error as Error).message, 300)}`,
		);
		return respond(200, { received: true });
	}
	if (hook && hook.isActive === true) {
		log(
			'warn',
			`Autotask Trigger: deactivation call for ${entity.webhookEntity} ${id}, but Autotask reports it active; ignored (not sent by Autotask)`,
		);
		return respond(200, { received: true });
	}

	const how = hook ? 'is inactive' : 'no longer exists';
	const message =
		`Autotask deactivated the webhook of this trigger (${entity.webhookEntity} ${id}); it ${how} in Autotask, so no more ${entity.label.toLowerCase()} events will arrive. ` +
		'Deactivate and activate the workflow to create a new webhook. Autotask deactivates a webhook after 25 failed deliveries, when someone inactivates it, or when its creator resource is deactivated.';
	ctx.logger.error(`Autotask Trigger: ${message}`);
	state.deactivationReported = id;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.reportDeactivation === false) return respond(200, { received: true });
	const eventTime = payload ? pick(payload, 'EventTime') : undefined;
	return {
		workflowData: [
			ctx.helpers.returnJsonArray([
				{
					action: 'webhookDeactivated',
					entity: entity.label,
					webhookId: id,
					webhookGuid: state.guid ?? null,
					webhookState: hook ? 'inactive' : 'deleted',
					eventTime: typeof eventTime === 'string' ? eventTime : null,
					message,
				},
			]),
		],
	};
}
