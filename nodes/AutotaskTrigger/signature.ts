import { createHash, createHmac, scrypt, timingSafeEqual } from 'crypto';

/**
 * X-Hook-Signature as Autotask computes it: "sha1=" + base64(HMAC-SHA1(key = the webhook's SecretKey as
 * UTF-8, message = body)), over the exact bytes that were sent. The raw body is hashed as received, never
 * re-serialised JSON: Autotask's serialiser escapes characters such as & and < (\u0026, \u003C), which
 * JSON.stringify does not.
 */
export function computeSignature(secret: string, rawBody: Buffer | string): string {
	const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
	return 'sha1=' + createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('base64');
}

/** Constant-time check of a received X-Hook-Signature header; false when anything is missing. */
export function verifySignature(
	secret: string | undefined,
	rawBody: Buffer | undefined,
	header: string | string[] | undefined,
): boolean {
	if (!secret || !rawBody) return false;
	const received = Array.isArray(header) ? header[0] : header;
	if (typeof received !== 'string' || !received) return false;
	const expected = Buffer.from(computeSignature(secret, rawBody), 'utf8');
	const actual = Buffer.from(received.trim(), 'utf8');
	if (actual.length !== expected.length) return false;
	return timingSafeEqual(actual, expected);
}

/** Names the derivation below; static data without it came from an older release (plain HMAC). */
export const KDF_NAME = 'scrypt-n15-r8-p1';

/** scrypt cost: N = 2^15, r = 8 needs 32 MiB and tens of milliseconds per derivation, so per guess too. */
const SCRYPT_OPTIONS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * The webhook's secret, derived from the API credential's Secret and a random nonce with scrypt, a
 * memory-hard KDF. The workflow's static data, which n8n exports with the workflow, holds the nonce and
 * a check value of this secret: checking one guess at the API secret against them costs one scrypt
 * derivation, not two HMACs, so the static data does not allow fast guessing of the API secret. Runs on
 * libuv's thread pool, off the event loop.
 */
export async function deriveWebhookSecret(apiSecret: string, nonce: string): Promise<string> {
	return await new Promise<string>((resolve, reject) => {
		const salt = Buffer.from(`n8n-nodes-autotask-psa webhook secret ${nonce}`, 'utf8');
		scrypt(Buffer.from(apiSecret, 'utf8'), salt, 24, SCRYPT_OPTIONS, (error, key) =>
			error ? reject(error) : resolve(key.toString('hex')),
		);
	});
}

/**
 * What older releases derived with two plain HMACs. Used only to keep verifying callouts of a webhook
 * made by one until the next activation replaces it (lifecycle.ts webhookExists).
 */
export function legacyWebhookSecret(apiSecret: string, nonce: string): string {
	return createHmac('sha256', Buffer.from(apiSecret, 'utf8'))
		.update(`n8n-nodes-autotask-psa webhook secret ${nonce}`)
		.digest('hex')
		.slice(0, 48); // SecretKey is string(64)
}

/** A short check value of a derived secret: tells whether the credential still derives the same one. */
export function secretCheck(secret: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update('check')
		.digest('hex')
		.slice(0, 16);
}

/** Identifies an API secret in this process's memory only (never stored): the key of a refused derivation. */
export function secretFingerprint(apiSecret: string): string {
	return createHash('sha256').update(apiSecret, 'utf8').digest('hex');
}
