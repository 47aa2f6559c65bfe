import type { IDataObject } from 'n8n-workflow';

import { entityOfCallout } from './webhook-entities';

const ACTIONS: Record<string, string> = { create: 'created', update: 'updated', delete: 'deleted' };

/** The parse step: the raw callout body as an object; undefined when it is not a JSON object. */
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

/** Reads a key whatever its casing: whether Autotask writes PersonID or PersonId is not documented. */
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
