import type { IDataObject } from 'n8n-workflow';

import { entityOperationPath, type CatalogEntry } from '../catalog';
import { autotaskRequest, type AutotaskContext } from '../transport';
import { staleFor, throughCache } from './metadata-cache';

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

// Field metadata is fetched at most once per entity per execution (or per editor request), shared by all items.
const perContext = new WeakMap<object, Map<string, Promise<EntityFields>>>();

/**
 * The URL of one metadata read (entityInformation, its fields, its UDFs), from the catalog: through the
 * root collection where the entity has it there, else through a parent (Autotask answers child metadata
 * for any parent; the editor may not know one yet). Undefined when the entity has no such read.
 */
export function metadataPath(
	entity: CatalogEntry,
	op: 'entityInformation' | 'fields' | 'userDefinedFields',
	parentId?: string,
): string | undefined {
	if (entity.root.includes(op)) return entityOperationPath(entity, 'root', op);
	if (!entity.child?.ops.includes(op)) return undefined;
	return entityOperationPath(entity, 'child', op, { parentId: parentId || '0' });
}

/** `fresh` (the editor, Get Field Info, a check refused on kept metadata) skips the process cache. */
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
	let pending = staleFor(ctx, key, fresh) ? undefined : cache.get(key);
	if (!pending) {
		pending = throughCache(ctx, key, fresh, async () => {
			const fieldsPath = metadataPath(entity, 'fields', parentId);
			if (!fieldsPath) return { fields: [], udfs: [] };
			const fields = (await autotaskRequest.call(ctx, { method: 'GET', path: fieldsPath })).fields;
			const udfsPath = entity.udf ? metadataPath(entity, 'userDefinedFields', parentId) : undefined;
			const udfs = udfsPath
				? (await autotaskRequest.call(ctx, { method: 'GET', path: udfsPath })).fields
				: [];
			return {
				fields: ((fields as IDataObject[]) ?? []) as unknown as FieldInfo[],
				udfs: ((udfs as IDataObject[]) ?? []) as unknown as FieldInfo[],
			};
		});
		cache.set(key, pending);
		pending.catch(() => cache!.delete(key));
	}
	return await pending;
}

export function isNumeric(field: FieldInfo | undefined): boolean {
	return /^(integer|long|short|double|decimal|float|number|byte)/i.test(
		field?.dataType ?? field?.type ?? '',
	);
}

export function isBoolean(field: FieldInfo | undefined): boolean {
	return /^bool/i.test(field?.dataType ?? field?.type ?? '');
}
