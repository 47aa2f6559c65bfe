import type { IDataObject } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { autotaskRequest, type AutotaskContext } from '../transport';
import { collectionPath, routeOf } from './routes';
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

export function fieldsBase(entity: CatalogEntry, parentId?: string): string {
	const route = routeOf(entity, 'getFieldInfo');
	if (!route) return '';
	// Autotask answers child metadata for any parent; the editor may not know one yet.
	return `${collectionPath(entity, route, parentId || '0')}/entityInformation`;
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
			const base = fieldsBase(entity, parentId);
			if (!base) return { fields: [], udfs: [] };
			const fields = (await autotaskRequest.call(ctx, { method: 'GET', path: `${base}/fields` }))
				.fields;
			const hasUdfs =
				entity.udf &&
				(entity.root.includes('userDefinedFields') ||
					entity.child?.ops.includes('userDefinedFields'));
			const udfs = hasUdfs
				? (await autotaskRequest.call(ctx, { method: 'GET', path: `${base}/userDefinedFields` }))
						.fields
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
