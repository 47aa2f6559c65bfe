import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { memory, type TriggerState } from './trigger-state';

/** How many sequence numbers are remembered per webhook GUID to drop repeated callouts. */
const SEQUENCE_MEMORY = 500;

/** A callout taken for handling: released again when handling fails, so Autotask's retry gets through. */
export interface Claim {
	key: string;
	guid: string;
	sequence: number;
}

/**
 * The de-duplicate step, unless Drop Repeated Callouts is off or the callout has no sequence number:
 * 'repeat' for a callout seen before (in this process, or in static data), otherwise its claim.
 * Both checks run before the first await: an overlapping delivery of the same callout sees the claim.
 */
export function dedupe(
	ctx: IWebhookFunctions,
	state: TriggerState,
	json: IDataObject,
	options: IDataObject,
): Claim | 'repeat' | undefined {
	const guid = String(json.webhookGuid ?? state.guid ?? '');
	const sequence = json.sequenceNumber as number | null;
	if (options.dropRepeatedCallouts === false || sequence === null) return undefined;
	const key = `${ctx.getWorkflow().id ?? ''}|${ctx.getNode().id}|${guid}|${sequence}`;
	if (!claimCallout(key)) return 'repeat';
	state.sequences = state.sequences ?? {};
	state.highestSequences = state.highestSequences ?? {};
	if (isRepeat(state.sequences, guid, sequence, state.highestSequences)) return 'repeat';
	return { key, guid, sequence };
}

/** Gives a claimed callout back: it could not be handled, so Autotask's retry must pass. */
export function release(state: TriggerState, claim: Claim): void {
	releaseCallout(claim.key);
	forgetSequence(state.sequences ?? {}, claim.guid, claim.sequence);
}

/**
 * Remembers the callout's sequence number in `sequences` (per webhook GUID, last SEQUENCE_MEMORY) and the
 * highest one in `highest`; true when it was seen before, or when it is at or below the highest seen
 * minus SEQUENCE_MEMORY Autotask repeated the callout or someone replayed it, also
 * one that has dropped out of the remembered list.
 */
function isRepeat(
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
function forgetSequence(sequences: IDataObject, guid: string, sequenceNumber: number | null): void {
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

function claimCallout(key: string, now = Date.now()): boolean {
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

function releaseCallout(key: string): void {
	claims.delete(key);
}
