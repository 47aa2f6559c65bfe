import { createHmac, timingSafeEqual } from 'crypto';

/**
 * X-Hook-Signature as Autotask computes it (FACTS §11.5): "sha1=" + base64(HMAC-SHA1(secret, body)),
 * over the exact bytes that were sent. The raw body is hashed as received, never re-serialised JSON.
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

/**
 * The webhook's secret is derived from the API credential's Secret and a random nonce, so the workflow's
 * static data (which n8n exports with the workflow) holds only the nonce, never a usable secret.
 */
export function deriveWebhookSecret(apiSecret: string, nonce: string): string {
	return createHmac('sha256', Buffer.from(apiSecret, 'utf8'))
		.update(`n8n-nodes-autotask-psa webhook secret ${nonce}`)
		.digest('hex')
		.slice(0, 48); // SecretKey is string(64)
}

/** A short check value of a secret: tells whether the credential still derives the same one, reveals nothing. */
export function secretCheck(secret: string): string {
	return createHmac('sha256', Buffer.from(secret, 'utf8')).update('check').digest('hex').slice(0, 16);
}
