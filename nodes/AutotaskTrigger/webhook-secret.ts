import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../Autotask/transport';
import { memory, type TriggerState } from './trigger-state';
import {
	deriveWebhookSecret,
	legacyWebhookSecret,
	KDF_NAME,
	secretCheck,
	secretFingerprint,
} from './signature';

/**
 * The webhook secret of a trigger, derived from the credential's Secret and the nonce in static data
 * (see deriveWebhookSecret). A derivation costs one scrypt run (32 MiB), so results are kept in memory per nonce:
 * the secret that matched the check value, and which API secret did not match, so forged callouts after
 * a credential change cannot make the process derive again and again. Concurrent callouts share one run.
 */
const derived = memory.derivedSecrets;
const refused = memory.refusedSecrets;
const pending = memory.pendingSecrets;
const MAX_REMEMBERED = 1000;

function remember(map: Map<string, string>, nonce: string, value: string): void {
	map.delete(nonce);
	map.set(nonce, value);
	if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

/** Called when a webhook is created: its callouts then need no derivation at all. */
export function rememberSecret(nonce: string, secret: string): void {
	remember(derived, nonce, secret);
	refused.delete(nonce);
}

/** Static data made by an older release, whose check value was a plain HMAC of the API secret. */
export function isLegacySecret(s: TriggerState): boolean {
	return !s.secret && !!s.secretNonce && s.secretKdf !== KDF_NAME;
}

async function derive(
	apiSecret: string,
	nonce: string,
	legacy: boolean,
	check: string | undefined,
): Promise<string | undefined> {
	const secret = legacy
		? legacyWebhookSecret(apiSecret, nonce)
		: await deriveWebhookSecret(apiSecret, nonce);
	return check && secretCheck(secret) !== check ? undefined : secret;
}

/**
 * The secret Autotask signs this node's callouts with; undefined when none is stored or the credential's
 * Secret no longer derives the one the webhook was made with.
 */
export async function webhookSecret(
	ctx: IHookFunctions | IWebhookFunctions,
	s: TriggerState,
): Promise<string | undefined> {
	if (s.secret) return s.secret;
	const nonce = s.secretNonce;
	if (!nonce) return undefined;
	const known = derived.get(nonce);
	if (known) return known;
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiSecret = String(credentials.secret ?? '');
	const legacy = isLegacySecret(s);
	const key = `${nonce}|${secretFingerprint(apiSecret)}|${legacy ? 'hmac' : KDF_NAME}|${String(s.secretCheck ?? '')}`;
	if (refused.get(nonce) === key) return undefined;
	let job = pending.get(key);
	if (!job) {
		job = derive(apiSecret, nonce, legacy, s.secretCheck).finally(() => pending.delete(key));
		pending.set(key, job);
	}
	const secret = await job;
	if (secret) rememberSecret(nonce, secret);
	else remember(refused, nonce, key);
	return secret;
}
