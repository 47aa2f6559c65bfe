import { ENTITIES, SPECIALS } from './entities.generated';
import type { CatalogEntry, ChildOp, RootOp } from './types';

export { ENTITIES, SPECIALS };
export type { CatalogChild, CatalogEntry, CatalogSpecial, ChildOp, RootOp } from './types';

/** HTTP method and path suffix of each root operation, relative to /V1.0/{path}. */
export const ROOT_OP_HTTP: Record<RootOp, [string, string]> = {
	query: ['POST', '/query'],
	queryUrl: ['GET', '/query'],
	count: ['POST', '/query/count'],
	countUrl: ['GET', '/query/count'],
	get: ['GET', '/{id}'],
	create: ['POST', ''],
	update: ['PATCH', ''],
	replace: ['PUT', ''],
	delete: ['DELETE', '/{id}'],
	entityInformation: ['GET', '/entityInformation'],
	fields: ['GET', '/entityInformation/fields'],
	userDefinedFields: ['GET', '/entityInformation/userDefinedFields'],
};

/** HTTP method and path suffix of each child operation, relative to /V1.0/{parent}/{parentId}/{segment}. */
export const CHILD_OP_HTTP: Record<ChildOp, [string, string]> = {
	list: ['GET', ''],
	action: ['GET', ''],
	get: ['GET', '/{id}'],
	getByYear: ['GET', '/{year}'],
	create: ['POST', ''],
	update: ['PATCH', ''],
	replace: ['PUT', ''],
	delete: ['DELETE', '/{id}'],
	entityInformation: ['GET', '/entityInformation'],
	fields: ['GET', '/entityInformation/fields'],
	userDefinedFields: ['GET', '/entityInformation/userDefinedFields'],
};

const byName = new Map(ENTITIES.map((e) => [e.name.toLowerCase(), e]));
const byValue = new Map(ENTITIES.map((e) => [e.value, e]));

/** Finds an entity by API name (case-insensitive) or by the node's resource value. */
export function findEntity(nameOrValue: string): CatalogEntry | undefined {
	return byValue.get(nameOrValue) ?? byName.get(nameOrValue.toLowerCase());
}

export function rootBase(entity: CatalogEntry): string {
	return `/V1.0/${entity.path ?? entity.name}`;
}

export function childBase(entity: CatalogEntry, parentId: string | number): string {
	if (!entity.child) throw new Error(`${entity.name} has no parent collection`);
	return `/V1.0/${entity.child.parent}/${encodeURIComponent(String(parentId))}/${entity.child.segment}`;
}

export interface CatalogOperation {
	entity: string;
	scope: 'root' | 'child' | 'special';
	op: string;
	method: string;
	/** Path template as written in the swagger, e.g. /V1.0/Tickets/{parentId}/Notes/{id} */
	path: string;
}

/** Every method+path pair the catalog knows, one entry per swagger operation. */
export function listOperations(): CatalogOperation[] {
	const out: CatalogOperation[] = [];
	for (const e of ENTITIES) {
		for (const op of e.root) {
			const [method, suffix] = ROOT_OP_HTTP[op];
			out.push({ entity: e.name, scope: 'root', op, method, path: rootBase(e) + suffix });
		}
		if (e.child) {
			const base = `/V1.0/${e.child.parent}/{parentId}/${e.child.segment}`;
			for (const op of e.child.ops) {
				const [method, suffix] = CHILD_OP_HTTP[op];
				out.push({ entity: e.name, scope: 'child', op, method, path: base + suffix });
			}
		}
	}
	for (const s of SPECIALS) {
		out.push({ entity: '', scope: 'special', op: s.key, method: s.method, path: s.path });
	}
	return out;
}

/**
 * Path of one operation the catalog lists for the entity, e.g. operationPath(tickets, 'root', 'get',
 * { id: 7 }) is /V1.0/Tickets/7; throws for an operation the entity does not have.
 */
export function operationPath(
	entity: CatalogEntry,
	scope: 'root' | 'child',
	op: RootOp | ChildOp,
	ids: { id?: string | number; parentId?: string | number } = {},
): string {
	const ops: string[] = scope === 'root' ? entity.root : (entity.child?.ops ?? []);
	if (!ops.includes(op)) throw new Error(`${entity.name} has no ${scope} operation ${op}`);
	const [, suffix] = scope === 'root' ? ROOT_OP_HTTP[op as RootOp] : CHILD_OP_HTTP[op as ChildOp];
	const base = scope === 'root' ? rootBase(entity) : childBase(entity, ids.parentId ?? '');
	return base + suffix.replace('{id}', encodeURIComponent(String(ids.id ?? '')));
}
