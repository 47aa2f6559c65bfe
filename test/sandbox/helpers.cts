/** Shared helpers for sandbox tests: an authenticated client over plain fetch. */
import type { Sandbox } from '../../sandbox/server.cjs';

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

export function authHeaders(
	sb: Sandbox,
	extra: Record<string, string> = {},
): Record<string, string> {
	return {
		ApiIntegrationCode: sb.credentials.integrationCode,
		UserName: sb.credentials.username,
		Secret: sb.credentials.secret,
		...extra,
	};
}

/** Calls `${baseUrl}${path}` (path like 'V1.0/Tickets/query') or an absolute URL. */
export async function call(
	sb: Sandbox,
	method: string,
	path: string,
	body?: unknown,
	headers?: Record<string, string>,
): Promise<Reply> {
	const url = /^https?:/.test(path) ? path : sb.baseUrl + path.replace(/^\//, '');
	const r = await fetch(url, {
		method,
		headers: {
			...(headers ?? authHeaders(sb)),
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await r.text();
	let json: unknown = undefined;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: r.status, headers: r.headers, text, json };
}

export const ALL = { op: 'gte', field: 'id', value: 0 };
