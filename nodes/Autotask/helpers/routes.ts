import { ENTITIES, childBase, rootBase, type CatalogEntry } from '../catalog';

/** The node's verbs. Each maps to one or more catalog operations of an entity. */
export type Verb =
	| 'get'
	| 'getMany'
	| 'count'
	| 'create'
	| 'update'
	| 'replace'
	| 'delete'
	| 'approve'
	| 'upload'
	| 'download'
	| 'createOrUpdate'
	| 'findOrCreate'
	| 'getEntityInfo'
	| 'getFieldInfo'
	| 'getPicklistValues';

/** How a verb reaches Autotask for one entity: through the root collection or through the parent. */
export interface Route {
	verb: Verb;
	scope: 'root' | 'child';
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	/** Catalog operations this route stands for (for the coverage check and the docs) */
	covers: string[];
}

/**
 * The routes an entity offers, in the order the operation dropdown lists them. Root routes win over
 * child routes where both exist, except writes of records that Autotask only accepts through the
 * parent: the catalog has no root write for such entities anyway.
 */
export function routesFor(e: CatalogEntry): Route[] {
	const root = new Set(e.root);
	const child = new Set(e.child?.ops ?? []);
	const out: Route[] = [];
	const add = (verb: Verb, scope: 'root' | 'child', method: Route['method'], covers: string[]) =>
		out.push({ verb, scope, method, covers });

	if (root.has('get')) add('get', 'root', 'GET', ['root:get']);
	else if (child.has('get')) add('get', 'child', 'GET', ['child:get']);
	else if (child.has('getByYear')) add('get', 'child', 'GET', ['child:getByYear']);
	if (root.has('get') && child.has('get')) out[out.length - 1].covers.push('child:get');

	if (root.has('query')) {
		const covers = ['root:query', 'root:queryUrl'];
		if (child.has('list')) covers.push('child:list');
		add('getMany', 'root', 'POST', covers);
	} else if (child.has('list')) add('getMany', 'child', 'GET', ['child:list']);

	if (root.has('count')) add('count', 'root', 'POST', ['root:count', 'root:countUrl']);
	if (root.has('create')) add('create', 'root', 'POST', ['root:create']);
	else if (child.has('create')) add('create', 'child', 'POST', ['child:create']);
	if (root.has('update')) add('update', 'root', 'PATCH', ['root:update']);
	else if (child.has('update')) add('update', 'child', 'PATCH', ['child:update']);
	if (root.has('replace')) add('replace', 'root', 'PUT', ['root:replace']);
	else if (child.has('replace')) add('replace', 'child', 'PUT', ['child:replace']);
	if (root.has('delete')) add('delete', 'root', 'DELETE', ['root:delete']);
	else if (child.has('delete')) add('delete', 'child', 'DELETE', ['child:delete']);
	if (child.has('action')) add('approve', 'child', 'GET', ['child:action']);

	// Attachments: files move as n8n binary data; Upload is the child create, Download the child get.
	if (e.attachment) {
		const create = out.find((x) => x.verb === 'create');
		if (create) create.verb = 'upload';
		if (child.has('get')) add('download', 'child', 'GET', []);
	}

	// A root write and a child write of the same kind both exist for a few entities: one verb, root URL.
	for (const kind of ['create', 'update', 'replace', 'delete'] as const) {
		const r = out.find((x) => x.verb === kind);
		if (r?.scope === 'root' && child.has(kind)) r.covers.push(`child:${kind}`);
	}
	out.push(...matchingRoutes(e, out));

	const info = (op: 'entityInformation' | 'fields' | 'userDefinedFields') =>
		[root.has(op) ? `root:${op}` : '', child.has(op) ? `child:${op}` : ''].filter(Boolean);
	const infoScope = (op: 'entityInformation' | 'fields') => (root.has(op) ? 'root' : 'child');
	if (info('entityInformation').length)
		add('getEntityInfo', infoScope('entityInformation'), 'GET', info('entityInformation'));
	if (info('fields').length) {
		add('getFieldInfo', infoScope('fields'), 'GET', [
			...info('fields'),
			...info('userDefinedFields'),
		]);
		add('getPicklistValues', infoScope('fields'), 'GET', []);
	}
	return out;
}

/**
 * Create or Update and Find or Create: a query on the records (the entity's own or its root twin's,
 * helpers/read-back.ts), then the entity's create or update. They go through the parent when create does.
 */
function matchingRoutes(e: CatalogEntry, routes: Route[]): Route[] {
	const create = routes.find((r) => r.verb === 'create');
	const update = routes.find((r) => r.verb === 'update');
	if (!create || !queryableTwin(e)) return [];
	const query = e.root.includes('query') ? ['root:query'] : [];
	const scope = create.scope === 'child' || update?.scope === 'child' ? 'child' : 'root';
	const out: Route[] = [];
	if (update)
		out.push({
			verb: 'createOrUpdate',
			scope,
			method: 'POST',
			covers: [...query, ...create.covers, ...update.covers],
		});
	out.push({ verb: 'findOrCreate', scope, method: 'POST', covers: [...query, ...create.covers] });
	return out;
}

/**
 * Where records of this entity can be queried: its own root, or, for one written only through its
 * parent (a company's contacts), the root entity of the same model (Contacts).
 */
export function queryableTwin(entity: CatalogEntry): CatalogEntry | undefined {
	if (entity.root.includes('query')) return entity;
	return ENTITIES.find((e) => e.model && e.model === entity.model && e.root.includes('query'));
}

export function routeOf(e: CatalogEntry, verb: Verb): Route | undefined {
	return routesFor(e).find((r) => r.verb === verb);
}

/** The collection URL a route uses: /V1.0/{path} or /V1.0/{parent}/{parentId}/{segment}. */
export function collectionPath(e: CatalogEntry, route: Route, parentId?: string): string {
	return route.scope === 'root' ? rootBase(e) : childBase(e, parentId ?? '');
}

export const ALL_ROUTES: Array<{ entity: CatalogEntry; routes: Route[] }> = ENTITIES.map(
	(entity) => ({
		entity,
		routes: routesFor(entity),
	}),
);
