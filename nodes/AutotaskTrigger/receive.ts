import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { logUnverified, unverifiedLogKey } from './log-limit';
import { nodeState, type TriggerState } from './trigger-state';
import { DEACTIVATION_WEBHOOK } from './webhook-settings';

/** Autotask's callouts are small (fields of one record); a larger body is refused before it is parsed. */
export const MAX_CALLOUT_BYTES = 1024 * 1024;

/**
 * An unsigned body (the deactivation call, or a callout whose signature does not verify) larger than this
 * is refused before it is parsed: Autotask's deactivation notice is a few hundred bytes.
 */
export const MAX_UNSIGNED_BYTES = 64 * 1024;

/** Answers the HTTP request itself; the workflow does not start. */
export type Respond = (status: number, body: IDataObject) => IWebhookResponseData;

/** One request to the trigger's URLs, as received: nothing in its body is believed yet. */
export interface Call {
	ctx: IWebhookFunctions;
	/** Which URL it came to: the callout URL or the deactivation URL */
	kind: 'callout' | 'deactivation';
	/** The body's bytes exactly as sent; undefined when n8n could not provide them */
	raw: Buffer | undefined;
	state: TriggerState;
	/** Key of the log limit for lines this call causes before it is verified */
	logKey: string;
	respond: Respond;
}

type RawRequest = { rawBody?: unknown; readRawBody?: () => Promise<void> };

/** The read step: the raw body bytes (read from the request when n8n has not yet) and the call's context. */
export async function readCall(ctx: IWebhookFunctions): Promise<Call> {
	const res = ctx.getResponseObject();
	const respond: Respond = (status, body) => {
		res.status(status).json(body);
		return { noWebhookResponse: true };
	};
	const req = ctx.getRequestObject() as unknown as RawRequest;
	if (!Buffer.isBuffer(req.rawBody) && typeof req.readRawBody === 'function')
		await req.readRawBody();
	const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
	const state = nodeState(ctx);
	const kind = ctx.getWebhookName() === DEACTIVATION_WEBHOOK ? 'deactivation' : 'callout';
	return { ctx, kind, raw, state, logKey: unverifiedLogKey(ctx, state, kind), respond };
}

/** 413 for a body larger than a call of its kind can be, before anything parses it. */
export function refuseOversized(call: Call): IWebhookResponseData | undefined {
	const { raw, kind } = call;
	if (!raw || raw.length <= (kind === 'deactivation' ? MAX_UNSIGNED_BYTES : MAX_CALLOUT_BYTES))
		return undefined;
	logUnverified(
		call.ctx.logger,
		'warn',
		call.logKey,
		`Autotask Trigger: call refused, its body of ${raw.length} bytes is larger than ${kind === 'deactivation' ? 'a deactivation call' : 'a callout'} can be`,
	);
	return call.respond(413, { error: 'The body is too large' });
}
