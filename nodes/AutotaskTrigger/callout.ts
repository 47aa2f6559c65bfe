import type { IDataObject } from 'n8n-workflow';

import { memory } from './trigger-state';
import { entityOfCallout } from './webhook-entities';

/** How many sequence numbers are remembered per webhook GUID to drop repeated callouts. */
export const SEQUENCE_MEMORY = 500;

const ACTIONS: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted' };

/** Parses the raw callout body; undefined when it is not a JSON object. */
export function parseCallout(raw: Buffer): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return value && typeof value === 'object' && !Array.isArray(value)
			? (value as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Reads a key whatever its casing (PersonID vs PersonId is UNCONFIRMED, FACTS §11.4). */
export function pick(payload: IDataObject, key: string): unknown {
	if (key in payload) return payload[key];
	const lower = key.toLowerCase();
	const found = Object.keys(payload).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : payload[found];
}

export function isDeactivated(payload: IDataObject): boolean {
	return String(pick(payload, 'Action') ?? '').toLowerCase() === 'deactivated';
}

function numberOrNull(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

/** The output item's json for one callout. */
export function calloutToItem(payload: IDataObject): IDataObject {
	const actionRaw = String(pick(payload, 'Action') ?? '');
	const entityType = pick(payload, 'EntityType');
	const fields = pick(payload, 'Fields');
	return {
		action: ACTIONS[actionRaw.toLowerCase()] ?? actionRaw.toLowerCase(),
		entity:
			entityOfCallout(entityType)?.label ?? (typeof entityType === 'string' ? entityType : null),
		id: numberOrNull(pick(payload, 'Id')),
		fields:
			fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as IDataObject) : {},
		eventTime: (pick(payload, 'EventTime') as string | undefined) ?? null,
		sequenceNumber: numberOrNull(pick(payload, 'SequenceNumber')),
		personId: numberOrNull(pick(payload, 'PersonID')),
		webhookGuid: (pick(payload, 'Guid') as string | undefined) ?? null,
	};
}

/**
 * Remembers the callout's sequence number in `sequences` (per webhook GUID, last SEQUENCE_MEMORY) and the
 * highest one in `highest`; true when it was seen before, or when it is at or below the highest seen
 * minus SEQUENCE_MEMORY (issue 14 point 7): Autotask repeated the callout or someone replayed it, also
 * one that has dropped out of the remembered list.
 */
export function isRepeat(
	sequences: IDataObject,
	guid: string,
	sequenceNumber: number | null,
	highest: IDataObject = {},
): boolean {
	if (sequenceNumber === null) return false;
	const seen = Array.isArray(sequences[guid]) ? (sequences[guid] as number[]) : [];
	const stored = Number(highest[guid]);
	// Static data of older releases has no highest yet: the remembered list gives it.
	const top =
		Number.isFinite(stored) && highest[guid] !== null
			? stored
			: seen.reduce((a, b) => Math.max(a, b), -Infinity);
	if (sequenceNumber <= top - SEQUENCE_MEMORY) return true;
	if (seen.includes(sequenceNumber)) return true;
	seen.push(sequenceNumber);
	if (seen.length > SEQUENCE_MEMORY) seen.splice(0, seen.length - SEQUENCE_MEMORY);
	sequences[guid] = seen;
	highest[guid] = Math.max(top, sequenceNumber);
	return false;
}

/** Forgets a sequence number again (the callout could not be handled, so Autotask's retry must pass). */
export function forgetSequence(
	sequences: IDataObject,
	guid: string,
	sequenceNumber: number | null,
): void {
	const seen = sequences[guid];
	if (sequenceNumber === null || !Array.isArray(seen)) return;
	const at = (seen as number[]).lastIndexOf(sequenceNumber);
	if (at >= 0) (seen as number[]).splice(at, 1);
}

/**
 * Callouts being handled or handled lately in this process (memory.claims). n8n gives each delivery its own
 * copy of the static data and saves it afterwards, so two overlapping deliveries of one callout both look
 * new there; this claim, taken synchronously before any await, lets only the first one through.
 */
const claims = memory.claims;
const CLAIM_TTL_MS = 15 * 60_000;
const MAX_CLAIMS = 20_000;

export function claimCallout(key: string, now = Date.now()): boolean {
	if (claims.size > MAX_CLAIMS) {
		for (const [k, expires] of claims) {
			if (expires <= now || claims.size > MAX_CLAIMS / 2) claims.delete(k);
			else break;
		}
	}
	const expires = claims.get(key);
	if (expires !== undefined && expires > now) return false;
	claims.delete(key);
	claims.set(key, now + CLAIM_TTL_MS);
	return true;
}

export function releaseCallout(key: string): void {
	claims.delete(key);
}
