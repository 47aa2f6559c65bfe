/** Header authentication: names are case-insensitive because node lower-cases them. */
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './errors.cjs';

export interface Credentials {
	username: string;
	secret: string;
	integrationCode: string;
}

export interface AuthStatuses {
	/** 401 (measured live) or 500 (reported by another client library); sources disagree */
	badUsernameStatus: 401 | 500;
	badIntegrationCodeStatus: 401 | 500;
}

export const DEFAULT_CREDENTIALS: Credentials = {
	username: 'api-user@sandbox.example',
	secret: 'S4ndb0x*Secr3t~7QxLp2Vw',
	integrationCode: 'SANDBOXTRACKINGIDENTIFIER01',
};

function header(h: IncomingHttpHeaders, name: string): string | undefined {
	const v = h[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

function denied(status: 401 | 500, host: string): ApiError {
	// Live zone 2 answers 401 with an empty body and a Basic challenge
	if (status === 401)
		return new ApiError(401, [], '', { 'WWW-Authenticate': `Basic Realm="${host}"` });
	return new ApiError(500, ['Unable to authenticate the API user.']);
}

/** Throws unless the three headers match; returns the tracking identifier. */
export function authenticate(
	h: IncomingHttpHeaders,
	creds: Credentials,
	statuses: AuthStatuses,
): string {
	const host = header(h, 'host') ?? '127.0.0.1';
	const user = header(h, 'UserName');
	const secret = header(h, 'Secret');
	const code = header(h, 'ApiIntegrationCode');
	if (!user || !secret || !code) throw denied(401, host);
	if (user.toLowerCase() !== creds.username.toLowerCase())
		throw denied(statuses.badUsernameStatus, host);
	if (code !== creds.integrationCode) throw denied(statuses.badIntegrationCodeStatus, host);
	if (secret !== creds.secret) throw denied(401, host);
	return code;
}

export function impersonationHeader(h: IncomingHttpHeaders): string | undefined {
	return header(h, 'ImpersonationResourceId');
}
