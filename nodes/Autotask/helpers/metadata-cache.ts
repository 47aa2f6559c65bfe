import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Field and UDF metadata shared by every execution in this n8n process: per
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

/** Per node context: the entities whose metadata came from the process cache (it may be stale). */
const fromCache = new WeakMap<object, Set<string>>();
/** ... and those of them Autotask has since refused a field or value of: read again on next use. */
const refused = new WeakMap<object, Set<string>>();

/**
 * The process cache in front of a metadata read: a young entry of the context's credential, unless
 * `fresh`; else the read, whose result is stored (the editor's read refreshes what executions use).
 */
export async function throughCache<T>(
	ctx: CredentialOwner,
	entity: string,
	fresh: boolean,
	read: () => Promise<T>,
): Promise<T> {
	const credential = await credentialOf(ctx);
	const hit = fresh || !credential ? undefined : cachedMetadata<T>(credential, entity);
	if (hit !== undefined) {
		if (!fromCache.has(ctx)) fromCache.set(ctx, new Set());
		fromCache.get(ctx)!.add(entity);
		return hit;
	}
	const value = await read();
	if (credential) storeMetadata(credential, entity, value);
	return value;
}

/**
 * Whether the context must drop what it holds for the entity: it came from the process cache and
 * either fresh metadata is asked for or Autotask refused a field or value since. Asked once.
 */
export function staleFor(ctx: object, entity: string, fresh: boolean): boolean {
	if (refused.get(ctx)?.delete(entity)) return true;
	return fresh && !!fromCache.get(ctx)?.delete(entity);
}

/**
 * Autotask refused a request of this context: when it names an unknown field or picklist value, the
 * credential's cached metadata is dropped, and what the context took from the cache is read again.
 */
export async function noteRefusal(ctx: CredentialOwner, errors: readonly unknown[] | undefined) {
	if (!refusesMetadata(errors)) return;
	const credential = await credentialOf(ctx);
	if (credential !== undefined) forgetMetadata(credential);
	const taken = fromCache.get(ctx);
	if (!taken) return;
	refused.set(ctx, new Set([...(refused.get(ctx) ?? []), ...taken]));
	fromCache.delete(ctx);
}

/**
 * Runs a check-and-write; when the node's own check (a NodeOperationError: nothing was sent) refused it
 * on metadata from the process cache, `refresh` reads it fresh and the write is checked (and sent) once
 * more. Other errors go on as they are.
 */
export async function withFreshMetadata<T>(
	ctx: object,
	entity: string,
	refresh: () => Promise<unknown>,
	run: () => Promise<T>,
): Promise<T> {
	return await run().catch(async (error: unknown) => {
		if (!(error instanceof NodeOperationError) || !fromCache.get(ctx)?.has(entity))
			return await Promise.reject(error);
		await refresh();
		return await run();
	});
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
