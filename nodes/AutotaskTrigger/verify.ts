import type { IWebhookResponseData } from 'n8n-workflow';

import { parseCallout, isDeactivated } from './callout';
import { handleDeactivation } from './deactivation';
import { logUnverified } from './log-limit';
import { MAX_UNSIGNED_BYTES, type Call } from './receive';
import { verifySignature } from './signature';
import { webhookSecret } from './webhook-secret';

/**
 * The verify step: the X-Hook-Signature header is checked on the raw bytes before anything in the body
 * is believed. Gives the verified bytes, or the answer to a call that does not verify.
 */
export async function verifyCall(
	call: Call,
): Promise<{ raw: Buffer } | { answer: IWebhookResponseData }> {
	const { ctx, raw } = call;
	if (!raw) {
		ctx.logger.warn(
			'Autotask Trigger: callout refused because its raw body is not available to verify',
		);
		return { answer: call.respond(401, { error: 'The callout could not be verified' }) };
	}
	const signature = ctx.getHeaderData()['x-hook-signature'];
	const secret = await webhookSecret(ctx, call.state);
	if (verifySignature(secret, raw, signature)) return { raw };
	return { answer: await refuseUnverified(call, raw, secret, !!signature) };
}

/**
 * A callout whose signature does not verify: Autotask's unsigned Deactivated notice (small, handled as the
 * deactivation call, never trusted), or a refusal. Its log lines are rate-limited: anyone who knows the
 * URL can send such calls as fast as they like.
 */
async function refuseUnverified(
	call: Call,
	raw: Buffer,
	secret: string | undefined,
	signed: boolean,
): Promise<IWebhookResponseData> {
	const log = (message: string) => logUnverified(call.ctx.logger, 'warn', call.logKey, message);
	if (raw.length > MAX_UNSIGNED_BYTES) {
		log(
			`Autotask Trigger: unsigned call refused, its body of ${raw.length} bytes is larger than a deactivation notice can be`,
		);
		return call.respond(413, { error: 'The body is too large' });
	}
	const unsigned = parseCallout(raw);
	if (unsigned && isDeactivated(unsigned))
		return await handleDeactivation(call.ctx, unsigned, call.respond);
	if (!secret && call.state.secretNonce) {
		log(
			'Autotask Trigger: callout refused: the Secret of the Autotask API credential changed after this trigger was activated, so callouts cannot be verified. Deactivate and activate the workflow to create the webhook again.',
		);
	} else {
		log(`Autotask Trigger: callout refused, ${signed ? 'wrong' : 'missing'} X-Hook-Signature`);
	}
	return call.respond(401, { error: 'Invalid signature' });
}
