import type { IDataObject } from 'n8n-workflow';

/**
 * Hiding the credential in what a server sends back. A proxy, a wrong Custom URL or an
 * echo service can repeat the request's headers encoded: URL-encoded, base64 (alone or inside a Basic
 * header, at any byte offset), HTML-escaped or JSON-escaped. Every such form of the secret is hidden.
 */

const HIDDEN = '[secret hidden]';
/** Shorter forms could match by chance in ordinary text. */
const MIN_FORM_LENGTH = 4;
const MIN_BASE64_CORE = 8;

function htmlEscaped(text: string, apostrophe: string, quote: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, quote)
		.replace(/'/g, apostrophe);
}

/**
 * The base64 text of the secret wherever it sits in a longer base64 string: for each of the three byte
 * offsets, the characters that depend on the secret's bytes alone.
 */
function base64Cores(secret: Buffer): string[] {
	const cores: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
		const whole = Math.floor((offset + secret.length) / 3) * 4;
		const core = encoded.slice(offset ? 4 : 0, whole);
		if (core.length >= MIN_BASE64_CORE)
			cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	const alone = secret.toString('base64');
	cores.push(alone, alone.replace(/=+$/, ''), secret.toString('base64url'));
	return cores;
}

/** Every text form of a secret to hide (base64 aside), longest first, so a longer form goes before a part of it. */
function secretForms(secret: string): string[] {
	const forms = new Set<string>([secret]);
	const uri = encodeURIComponent(secret);
	forms.add(uri);
	forms.add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
	forms.add(uri.replace(/%20/g, '+'));
	forms.add(encodeURI(secret));
	for (const [apostrophe, quote] of [
		['&#39;', '&quot;'],
		['&#x27;', '&quot;'],
		['&apos;', '&quot;'],
		['&#39;', '&#34;'],
	]) {
		forms.add(htmlEscaped(secret, apostrophe, quote));
	}
	const json = JSON.stringify(secret).slice(1, -1);
	forms.add(json);
	forms.add(
		json.replace(
			/[<>&'+]/g,
			(c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
		),
	);
	return [...forms].filter((f) => f.length >= MIN_FORM_LENGTH).sort((a, b) => b.length - a.length);
}

const BASE64_CHAR = /[A-Za-z0-9+/=_-]/;

/** Hides each whole base64 token that contains one of the cores (so no edge characters remain). */
function hideBase64(text: string, cores: string[]): string {
	let out = text;
	for (const core of cores) {
		let at = out.indexOf(core);
		while (at >= 0) {
			let start = at;
			let end = at + core.length;
			while (start > 0 && BASE64_CHAR.test(out[start - 1])) start--;
			while (end < out.length && BASE64_CHAR.test(out[end])) end++;
			out = out.slice(0, start) + HIDDEN + out.slice(end);
			at = out.indexOf(core, start + HIDDEN.length);
		}
	}
	return out;
}

/** Replaces every form of the given secrets in a text. */
export function redactSecrets(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret.length < MIN_FORM_LENGTH) continue;
		for (const form of secretForms(secret)) out = out.split(form).join(HIDDEN);
		out = hideBase64(out, base64Cores(Buffer.from(secret, 'utf8')));
	}
	return out;
}

/** The request's credential headers, as a server that echoes them would name them (any letter case). */
const CREDENTIAL_HEADER = /^(secret|apiintegrationcode|username|impersonationresourceid)$/i;
const SECRET_HEADER = /^(secret|apiintegrationcode)$/i;

/**
 * A copy of an answer without the credential: every form of the Secret and the API Tracking Identifier
 * is hidden in its texts, and an object that echoes the credential headers (it has a Secret or
 * ApiIntegrationCode key) has all of them hidden, UserName included.
 */
export function hideCredentials<T>(value: T, secrets: string[]): T {
	if (typeof value === 'string') return redactSecrets(value, secrets) as T;
	if (Array.isArray(value)) return value.map((v) => hideCredentials(v, secrets)) as T;
	if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
	const source = value as IDataObject;
	const echo = Object.keys(source).some((k) => SECRET_HEADER.test(k));
	const out: IDataObject = {};
	for (const [key, v] of Object.entries(source)) {
		out[redactSecrets(key, secrets)] =
			echo && CREDENTIAL_HEADER.test(key)
				? '[credential header hidden]'
				: hideCredentials(v, secrets);
	}
	return out as T;
}
