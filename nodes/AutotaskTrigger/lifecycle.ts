import { randomBytes } from 'crypto';
import type { IHookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../Autotask/transport';
import { deriveWebhookSecret, KDF_NAME, secretCheck } from './signature';
import { clearState, nodeState as state } from './trigger-state';
import {
	asNodeError,
	confirmReady,
	deleteWebhook,
	getWebhook,
	postWebhook,
	postWebhookChildren,
	removeLeftovers,
} from './webhook-api';
import { webhookEntity } from './webhook-entities';
import { isLegacySecret, rememberSecret, webhookSecret } from './webhook-secret';
import { DEACTIVATION_WEBHOOK, fingerprint, readSettings, webhookName } from './webhook-settings';

function newNonce(): string {
	return randomBytes(16).toString('hex');
}

/**
 * Creates the webhook, its fields, UDF fields and exclusions, confirms it is active and ready, and keeps
 * its id, secret nonce and settings fingerprint in static data. A half-made webhook is deleted again.
 */
export async function createWebhook(ctx: IHookFunctions): Promise<boolean> {
	const settings = readSettings(ctx);
	const { entity } = settings;
	const name = webhookName(ctx);
	await removeLeftovers(ctx, entity, name);

	const nonce = newNonce();
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const secret = await deriveWebhookSecret(String(credentials.secret ?? ''), nonce);
	const webhookId = await postWebhook(ctx, settings, name, secret);
	try {
		await postWebhookChildren(ctx, settings, webhookId);
		const hook = await confirmReady(ctx, entity, webhookId);
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
		throw asNodeError(ctx.getNode(), error);
	}
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
