import { createHash } from 'crypto';

/**
 * Field and UDF metadata shared by every execution in this n8n process (issue 18 point 2): per
 * credential (a hash of the API username and zone, never the secret), zone and entity, for at most
 * `ttlMs` and `maxEntries` (least recently used goes first). No timer: an entry's age is compared with
 * the clock when it is read. Emptied for a credential when Autotask refuses a field or picklist value,
 * and bypassed by the editor, which always reads fresh metadata and stores it here.
 */
export const metadataCacheSettings = {
	ttlMs: 15 * 60_000,
	maxEntries: 200,
	/** The clock; tests put their own here. */
	now: (): number => Date.now(),
};

interface Entry<T> {
	value: T;
	storedAt: number;
}

const entries = new Map<string, Entry<unknown>>();

/** The part of a cache key that names the credential: a hash, so no log or dump shows the username. */
export function credentialKey(credentials: Record<string, unknown>): string {
	const zone =
		credentials.zoneUrl ||
		(credentials.zone === 'custom' ? credentials.customUrl : credentials.zone);
	const material = `${String(credentials.username ?? '').toLowerCase()}|${String(zone ?? '')}`;
	return createHash('sha256').update(material).digest('hex').slice(0, 24);
}

/** The entry, if it is younger than the TTL; it becomes the most recently used. */
export function cachedMetadata<T>(credential: string, entity: string): T | undefined {
	const key = `${credential}|${entity}`;
	const entry = entries.get(key);
	if (!entry) return undefined;
	entries.delete(key);
	if (metadataCacheSettings.now() - entry.storedAt >= metadataCacheSettings.ttlMs) return undefined;
	entries.set(key, entry);
	return entry.value as T;
}

export function storeMetadata<T>(credential: string, entity: string, value: T): void {
	const key = `${credential}|${entity}`;
	entries.delete(key);
	entries.set(key, { value, storedAt: metadataCacheSettings.now() });
	while (entries.size > metadataCacheSettings.maxEntries) {
		const oldest = entries.keys().next().value as string;
		entries.delete(oldest);
	}
}

/** Drops every entry of a credential (Autotask said a field or picklist value is unknown). */
export function forgetMetadata(credential: string): void {
	for (const key of [...entries.keys()]) if (key.startsWith(`${credential}|`)) entries.delete(key);
}

interface CredentialOwner {
	getCredentials(type: string): Promise<Record<string, unknown>>;
}

const keysOf = new WeakMap<object, Promise<string | undefined>>();

/** The credential part of the keys for a node context; undefined when it has no Autotask credential. */
export async function credentialOf(ctx: CredentialOwner): Promise<string | undefined> {
	let key = keysOf.get(ctx);
	if (!key) {
		key = ctx.getCredentials('autotaskApi').then(
			(credentials) => credentialKey(credentials),
			() => undefined,
		);
		keysOf.set(ctx, key);
	}
	return await key;
}

/** Called with the context of a refusal, so metadata.ts drops what that execution took from the cache. */
const refusalListeners: Array<(ctx: object) => void> = [];

export function onMetadataRefused(listener: (ctx: object) => void): void {
	refusalListeners.push(listener);
}

/**
 * Autotask refused a request of this context: when it names an unknown field or picklist value, the
 * credential's cached metadata is dropped, so the next read of it asks Autotask.
 */
export async function noteRefusal(ctx: CredentialOwner, errors: readonly unknown[] | undefined) {
	if (!refusesMetadata(errors)) return;
	const credential = await credentialOf(ctx);
	if (credential !== undefined) forgetMetadata(credential);
	for (const listener of refusalListeners) listener(ctx);
}

/** Empties the cache (tests). */
export function clearMetadataCache(): void {
	entries.clear();
}

export function metadataCacheSize(): number {
	return entries.size;
}

/**
 * Autotask's words for a field or picklist value it does not know: "Unable to find X in the Y Entity",
 * "… is not a valid value for picklist …", "Invalid picklist value", "… does not exist …".
 */
const UNKNOWN_FIELD_OR_VALUE =
	/unable to find|picklist|not a valid (value|field)|invalid (field|value)|unknown (field|property)|does not exist on/i;

export function refusesMetadata(errors: readonly unknown[] | undefined): boolean {
	return !!errors?.some((e) => UNKNOWN_FIELD_OR_VALUE.test(String(e)));
}
