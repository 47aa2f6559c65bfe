import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { autotaskRequest, type AutotaskContext } from '../transport';
import { collectionPath, routeOf } from './operations';
import {
	cachedMetadata,
	credentialOf,
	onMetadataRefused,
	storeMetadata,
} from '../helpers/metadata-cache';

export interface PicklistValue {
	value: string;
	label: string;
	isActive?: boolean;
	isDefaultValue?: boolean;
	parentValue?: string;
}

export interface FieldInfo {
	name: string;
	dataType?: string;
	type?: string;
	length?: number;
	isRequired?: boolean;
	isReadOnly?: boolean;
	isQueryable?: boolean;
	isReference?: boolean;
	referenceEntityType?: string;
	isPickList?: boolean;
	picklistValues?: PicklistValue[] | null;
	picklistParentValueField?: string;
	label?: string;
}

export interface EntityFields {
	fields: FieldInfo[];
	udfs: FieldInfo[];
}

// Field metadata is fetched at most once per entity per execution (or per editor request), shared by all
// items, and kept for the process by helpers/metadata-cache.ts (issue 18).
const perContext = new WeakMap<object, Map<string, Promise<EntityFields>>>();
/** The entities whose metadata a context took from the process cache: it may be stale. */
const fromCache = new WeakMap<object, Set<string>>();

// Autotask refused an unknown field or picklist value: the context's cached metadata is read again.
onMetadataRefused((ctx) => {
	for (const name of fromCache.get(ctx) ?? []) perContext.get(ctx)?.delete(name);
	fromCache.delete(ctx);
});

export function fieldsBase(entity: CatalogEntry, parentId?: string): string {
	const route = routeOf(entity, 'getFieldInfo');
	if (!route) return '';
	// Autotask answers child metadata for any parent; the editor may not know one yet.
	return `${collectionPath(entity, route, parentId || '0')}/entityInformation`;
}

/**
 * The entity's fields and UDFs: from this context's own read, else the process cache, else Autotask.
 * `fresh` (the editor, or a check that failed on cached metadata) skips the process cache and updates it.
 */
export async function loadFields(
	ctx: AutotaskContext,
	entity: CatalogEntry,
	parentId?: string,
	fresh = false,
): Promise<EntityFields> {
	let cache = perContext.get(ctx);
	if (!cache) {
		cache = new Map();
		perContext.set(ctx, cache);
	}
	const key = entity.name;
	let pending = cache.get(key);
	if (fresh && fromCache.get(ctx)?.delete(key)) pending = undefined;
	if (!pending) {
		pending = sharedFields(ctx, entity, parentId, fresh);
		cache.set(key, pending);
		pending.catch(() => cache!.delete(key));
	}
	return await pending;
}

async function sharedFields(
	ctx: AutotaskContext,
	entity: CatalogEntry,
	parentId: string | undefined,
	fresh: boolean,
): Promise<EntityFields> {
	const credential = await credentialOf(ctx as never);
	const hit =
		fresh || !credential ? undefined : cachedMetadata<EntityFields>(credential, entity.name);
	if (hit) {
		if (!fromCache.has(ctx)) fromCache.set(ctx, new Set());
		fromCache.get(ctx)!.add(entity.name);
		return hit;
	}
	const value = await fetchFields(ctx, entity, parentId);
	if (credential) storeMetadata(credential, entity.name, value);
	return value;
}

async function fetchFields(
	ctx: AutotaskContext,
	entity: CatalogEntry,
	parentId?: string,
): Promise<EntityFields> {
	const base = fieldsBase(entity, parentId);
	if (!base) return { fields: [], udfs: [] };
	const fields = (await autotaskRequest.call(ctx, { method: 'GET', path: `${base}/fields` }))
		.fields;
	const hasUdfs =
		entity.udf &&
		(entity.root.includes('userDefinedFields') || entity.child?.ops.includes('userDefinedFields'));
	const udfs = hasUdfs
		? (await autotaskRequest.call(ctx, { method: 'GET', path: `${base}/userDefinedFields` })).fields
		: [];
	return {
		fields: ((fields as IDataObject[]) ?? []) as unknown as FieldInfo[],
		udfs: ((udfs as IDataObject[]) ?? []) as unknown as FieldInfo[],
	};
}

/**
 * Runs a check-and-write; when the node's own check refused it on metadata from the process cache, the
 * metadata is read fresh and the write checked (and sent) once more. Nothing was sent the first time.
 */
export async function withFreshMetadata<T>(
	ctx: AutotaskContext,
	entity: CatalogEntry,
	parentId: string | undefined,
	run: () => Promise<T>,
): Promise<T> {
	const stale = (error: unknown) =>
		error instanceof NodeOperationError && !!fromCache.get(ctx)?.has(entity.name);
	return await run().catch(async (error: unknown) => {
		// Errors other than a check on cached metadata go on as they are.
		if (!stale(error)) return await Promise.reject(error);
		await loadFields(ctx, entity, parentId, true);
		return await run();
	});
}

export function isNumeric(field: FieldInfo | undefined): boolean {
	return /^(integer|long|short|double|decimal|float|number|byte)/i.test(
		field?.dataType ?? field?.type ?? '',
	);
}

export function isBoolean(field: FieldInfo | undefined): boolean {
	return /^bool/i.test(field?.dataType ?? field?.type ?? '');
}
