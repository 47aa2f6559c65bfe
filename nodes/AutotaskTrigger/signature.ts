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
