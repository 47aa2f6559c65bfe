import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Everything the Autotask Trigger remembers, in one place.
 *
 * Two kinds of state:
 * - TriggerState: the workflow's static data (node scope). n8n saves it with the workflow, so it
 *   survives restarts; each webhook delivery gets its own copy, saved back after webhook() returns.
 * - ProcessMemory: maps in this process's memory only. A restart empties them; resetTriggerState()
 *   does the same in tests.
 */

/** What the node keeps in the workflow's static data (node scope). */
export interface TriggerState extends IDataObject {
	/** Id of the webhook this node created in Autotask */
	webhookId?: number;
	/** Parameter value of the webhook's entity (see webhook-entities.ts) */
	webhookEntity?: string;
	/** Older releases stored the webhook secret itself; kept readable so their webhooks keep working */
	secret?: string;
	/** The webhook secret is derived from the credential's Secret and this nonce (see deriveWebhookSecret) */
	secretNonce?: string;
	/** Check value of the derived secret: a changed credential Secret no longer matches it */
	secretCheck?: string;
	/** How the secret was derived (KDF_NAME); absent in static data of older releases (plain HMAC) */
	secretKdf?: string;
	/** The webhook id whose deactivation by Autotask was already reported to the workflow */
	deactivationReported?: number;
	/** The webhook's webhookGUID, which callouts carry as Guid */
	guid?: string;
	/** Hash of the settings the webhook was made with: it is reused only while they are unchanged */
	fingerprint?: string;
	/** Last sequence numbers seen, per webhook GUID */
	sequences?: IDataObject;
	/** Highest sequence number seen, per webhook GUID: anything SEQUENCE_MEMORY or more below it is a replay */
	highestSequences?: IDataObject;
}

const STATE_KEYS: Array<keyof TriggerState> = [
	'webhookId',
	'webhookEntity',
	'secret',
	'secretNonce',
	'secretCheck',
	'secretKdf',
	'deactivationReported',
	'guid',
	'fingerprint',
	'sequences',
	'highestSequences',
];

/** The node's static data. */
export function nodeState(ctx: IHookFunctions | IWebhookFunctions): TriggerState {
	return ctx.getWorkflowStaticData('node') as TriggerState;
}

/** Forgets the webhook: every field of TriggerState is removed from the static data. */
export function clearState(ctx: IHookFunctions): void {
	const s = nodeState(ctx);
	for (const key of STATE_KEYS) delete s[key];
}

/** One window of the log limit for unverified calls. */
export interface LogWindow {
	/** Date.now() when the window began */
	start: number;
	/** Lines logged in it */
	lines: number;
	/** Lines not logged in it */
	suppressed: number;
}

/** What this process remembers between calls; none of it is saved. */
export interface ProcessMemory {
	/**
	 * Callouts being handled or handled lately, key workflow|node|guid|sequence → expiry time. Taken before
	 * the first await, so two overlapping deliveries of one callout let only the first through.
	 */
	claims: Map<string, number>;
	/** Webhooks this process deleted lately, key {X}Webhooks:id → expiry time */
	deletedWebhooks: Map<string, number>;
	/** When Autotask was last asked about a webhook after a deactivation call, key {X}Webhooks:id */
	deactivationChecks: Map<string, number>;
	/** Log limit of unverified calls, per webhook (or node) and kind */
	logWindows: Map<string, LogWindow>;
	/** Derived webhook secrets that matched their check value, per nonce */
	derivedSecrets: Map<string, string>;
	/** Per nonce, the derivation key (API secret fingerprint and check) that did not match */
	refusedSecrets: Map<string, string>;
	/** Derivations running now, per derivation key: concurrent callouts share one */
	pendingSecrets: Map<string, Promise<string | undefined>>;
}

export const memory: ProcessMemory = {
	claims: new Map(),
	deletedWebhooks: new Map(),
	deactivationChecks: new Map(),
	logWindows: new Map(),
	derivedSecrets: new Map(),
	refusedSecrets: new Map(),
	pendingSecrets: new Map(),
};

/** Empties the process memory, as a restart of n8n does. */
export function resetTriggerState(): void {
	for (const map of Object.values(memory) as Array<Map<string, unknown>>) map.clear();
}
