import { ENTITIES, REQUEST_BODIES, SPECIALS } from './entities.generated';
import type { CatalogEntry, ChildOp, RootOp } from './types';

export { ENTITIES, REQUEST_BODIES, SPECIALS };
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

/** Where every entity path of the REST API starts, under the zone's ATServicesRest. */
export const API_ROOT = '/V1.0';

export function rootBase(entity: CatalogEntry): string {
	return `${API_ROOT}/${entity.path ?? entity.name}`;
}

export function childBase(entity: CatalogEntry, parentId: string | number): string {
	if (!entity.child) throw new Error(`${entity.name} has no parent collection`);
	return childTemplate(entity).replace('{parentId}', encodeURIComponent(String(parentId)));
}

function childTemplate(entity: CatalogEntry): string {
	return `${API_ROOT}/${entity.child!.parent}/{parentId}/${entity.child!.segment}`;
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
			const base = childTemplate(e);
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

/** A root operation's URL that takes no record ID, e.g. /V1.0/Tickets/query for `query`. */
export function rootOpPath(entity: CatalogEntry, op: RootOp): string {
	return rootBase(entity) + ROOT_OP_HTTP[op][1];
}

/**
 * The path template of one catalog operation, named as the coverage keys name it ("special:invoicePdf",
 * "TimeOffRequestsApprove:child:action"), e.g. /V1.0/TimeOffRequests/{parentId}/Approve.
 */
export function operationTemplate(key: string): string {
	const [name, scope, op] = key.split(':');
	const entity = name === 'special' ? undefined : findEntity(name);
	const template =
		name === 'special'
			? SPECIALS.find((s) => s.key === scope)?.path
			: entity && scope === 'child' && entity.child
				? childTemplate(entity) + CHILD_OP_HTTP[op as ChildOp][1]
				: entity && rootBase(entity) + ROOT_OP_HTTP[op as RootOp][1];
	if (!template) throw new Error(`The catalog has no operation ${key}`);
	return template;
}

/** The URL of one catalog operation (see operationTemplate), with `ids` filling its placeholders in order. */
export function operationPath(key: string, ids: Array<string | number> = []): string {
	let n = 0;
	return operationTemplate(key).replace(/\{[^}]+\}/g, () =>
		encodeURIComponent(String(ids[n++] ?? '')),
	);
}

/**
 * Path of one operation the catalog lists for the entity, e.g. entityOperationPath(tickets, 'root', 'get',
 * { id: 7 }) is /V1.0/Tickets/7; throws for an operation the entity does not have.
 */
export function entityOperationPath(
	entity: CatalogEntry,
	scope: 'root' | 'child',
	op: RootOp | ChildOp,
	ids: { id?: string | number; parentId?: string | number } = {},
): string {
	const ops: string[] = scope === 'root' ? entity.root : (entity.child?.ops ?? []);
	if (!ops.includes(op)) throw new Error(`${entity.name} has no ${scope} operation ${op}`);
	const values = scope === 'root' ? [ids.id ?? ''] : [ids.parentId ?? '', ids.id ?? ''];
	return operationPath(`${entity.name}:${scope}:${op}`, values);
}
