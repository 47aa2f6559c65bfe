/**
 * Derives the entity catalog from Autotask's swagger document.
 *
 * Every (method, path) pair of the swagger is classified as one root operation, one child operation or
 * one special endpoint. The result feeds two committed files: the node's compact catalog
 * (nodes/Autotask/catalog/entities.generated.ts) and the sandbox's model table
 * (sandbox/generated/models.json). `npm run catalog` writes them; a test proves they are current.
 */

export type Swagger = {
	paths: Record<string, Record<string, SwaggerOperation>>;
	definitions: Record<string, { properties?: Record<string, SwaggerProperty> }>;
};
type SwaggerOperation = {
	tags?: string[];
	operationId?: string;
	parameters?: Array<{ name: string; in: string; schema?: { $ref?: string } }>;
};
type SwaggerProperty = {
	type?: string;
	format?: string;
	$ref?: string;
	items?: { type?: string; format?: string; $ref?: string };
};

export const ROOT_OPS = [
	'query',
	'queryUrl',
	'count',
	'countUrl',
	'get',
	'create',
	'update',
	'replace',
	'delete',
	'entityInformation',
	'fields',
	'userDefinedFields',
] as const;
export const CHILD_OPS = [
	'list',
	'get',
	'getByYear',
	'action',
	'create',
	'update',
	'replace',
	'delete',
	'entityInformation',
	'fields',
	'userDefinedFields',
] as const;
export type RootOp = (typeof ROOT_OPS)[number];
export type ChildOp = (typeof CHILD_OPS)[number];

/** Friendly keys for the swagger's 16 endpoints that are not entity CRUD. */
const SPECIAL_KEYS: Record<string, string> = {
	AccountInvoiceSettings_Get: 'companyInvoiceSettingsGet',
	AccountInvoiceSettings_Put: 'companyInvoiceSettingsUpdate',
	AccountInvoiceSettings_AddContactRecipients: 'companyInvoiceContactRecipientsAdd',
	AccountInvoiceSettings_DeleteContactRecipient: 'companyInvoiceContactRecipientRemove',
	AccountInvoiceSettings_AddResourceRecipients: 'companyInvoiceResourceRecipientsAdd',
	AccountInvoiceSettings_DeleteResourceRecipient: 'companyInvoiceResourceRecipientRemove',
	ApiVersion_ApiVersionInformation: 'versionInformation',
	AuthenticateApiIntegration_QueryAuthenticate: 'authenticate',
	AutotaskVersionApiIntegration_QueryVersionInformation: 'version',
	InvoiceMarkupApiIntegration_QueryInvoiceMarkupHtml: 'invoiceMarkupHtml',
	InvoiceMarkupApiIntegration_QueryInvoiceMarkupXml: 'invoiceMarkupXml',
	InvoiceMarkupApiIntegration_QueryInvoicePdf: 'invoicePdf',
	MetadataApiIntegration_QueryEntityInformation: 'entityInformation',
	ModuleAccessApiIntegration_QueryModuleAccess: 'modules',
	ThresholdApiIntegration_QueryThresholdInformation: 'thresholdInformation',
	ZoneInformationApiIntegration_QueryZoneInformation: 'zoneInformation',
};

/** Display names that the model name alone would get wrong or make ambiguous. */
const LABEL_OVERRIDES: Record<string, string> = {
	CompanyContacts: 'Company Contact',
	TimeOffRequestsApprove: 'Time Off Request Approval',
	TimeOffRequestsReject: 'Time Off Request Rejection',
};

/** Child parent segments whose records belong to an entity of another name. */
const PARENT_ENTITY: Record<string, string> = {
	Expenses: 'ExpenseReports',
	OrganizationalLevelAssociations: 'OrganizationalLevelAssociation',
	UserDefinedFields: 'UserDefinedFieldDefinitions',
};

/** Parent-id fields that do not follow the {parent}ID naming. */
const PARENT_ID_FIELD: Record<string, string> = {
	ArticlePlainTextContent: 'id',
	ConfigurationItemDnsRecords: 'installedProductID',
	DocumentPlainTextContent: 'id',
	KnowledgeBaseArticles: 'articleCategoryID',
	TaskPredecessors: 'successorTaskID',
	UserDefinedFieldListItems: 'udfFieldId',
};

export interface Classified {
	method: string;
	path: string;
	entity?: string;
	scope: 'root' | 'child' | 'special';
	op: string;
	operationId: string;
}

export interface CatalogChild {
	parent: string;
	segment: string;
	ops: ChildOp[];
	parentEntity?: string;
	parentIdField?: string;
}

export interface CatalogEntry {
	name: string;
	value: string;
	label: string;
	path?: string;
	model?: string;
	root: RootOp[];
	child?: CatalogChild;
	udf?: boolean;
	attachment?: boolean;
}

export interface CatalogSpecial {
	key: string;
	method: string;
	path: string;
	operationId: string;
}

export interface BuiltCatalog {
	entities: CatalogEntry[];
	specials: CatalogSpecial[];
	classified: Classified[];
	unclassified: Array<{ method: string; path: string; reason: string }>;
	models: Record<string, Record<string, string>>;
	/**
	 * The body keys Autotask's request model allows, for the writes whose body the node cannot check
	 * against field metadata: special endpoints with a body (`special:<key>`) and the creates of entities
	 * that are actions, with nothing to read back (`<Entity>:child:create`). Autotask ignores unknown keys.
	 */
	requestBodies: Record<string, string[]>;
}

const ROOT_SHAPES: Array<[string[], Record<string, RootOp>]> = [
	[[], { POST: 'create', PATCH: 'update', PUT: 'replace' }],
	[['{id}'], { GET: 'get', DELETE: 'delete' }],
	[['query'], { POST: 'query', GET: 'queryUrl' }],
	[['query', 'count'], { POST: 'count', GET: 'countUrl' }],
	[['entityInformation'], { GET: 'entityInformation' }],
	[['entityInformation', 'fields'], { GET: 'fields' }],
	[['entityInformation', 'userDefinedFields'], { GET: 'userDefinedFields' }],
];
const CHILD_SHAPES: Array<[string[], Record<string, ChildOp>]> = [
	[[], { GET: 'list', POST: 'create', PATCH: 'update', PUT: 'replace' }],
	[['{id}'], { GET: 'get', DELETE: 'delete' }],
	[['{year}'], { GET: 'getByYear' }],
	[['entityInformation'], { GET: 'entityInformation' }],
	[['entityInformation', 'fields'], { GET: 'fields' }],
	[['entityInformation', 'userDefinedFields'], { GET: 'userDefinedFields' }],
];

function matchShape<T>(
	rest: string[],
	shapes: Array<[string[], Record<string, T>]>,
	method: string,
) {
	for (const [shape, byMethod] of shapes) {
		if (shape.length === rest.length && shape.every((s, i) => s === rest[i]))
			return byMethod[method];
	}
	return undefined;
}

/** Classifies one swagger operation; returns a reason string when it fits no known shape. */
export function classify(method: string, path: string, op: SwaggerOperation): Classified | string {
	const operationId = op.operationId ?? '';
	const tag = op.tags?.[0] ?? '';
	const special = SPECIAL_KEYS[operationId];
	if (special) return { method, path, scope: 'special', op: special, operationId };
	if (!path.startsWith('/V1.0/')) return 'path outside /V1.0/ with no special key';
	const segments = path.slice('/V1.0/'.length).split('/');
	if (tag.endsWith('Child')) {
		if (segments.length < 3 || segments[1] !== '{parentId}')
			return 'child tag without /{Parent}/{parentId}/{Segment}';
		let childOp = matchShape(segments.slice(3), CHILD_SHAPES, method);
		// TimeOffRequests/{parentId}/Approve is a GET that performs an action (operationId …_CreateEntity).
		if (childOp === 'list' && operationId.endsWith('_CreateEntity')) childOp = 'action';
		if (!childOp) return `child path shape not known for ${method}`;
		return {
			method,
			path,
			entity: tag.slice(0, -'Child'.length),
			scope: 'child',
			op: childOp,
			operationId,
		};
	}
	const rootOp = matchShape(segments.slice(1), ROOT_SHAPES, method);
	if (!rootOp) return `root path shape not known for ${method}`;
	return { method, path, entity: tag, scope: 'root', op: rootOp, operationId };
}

function words(camel: string): string[] {
	return camel
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.split(' ')
		.filter(Boolean);
}

export function singular(word: string): string {
	if (/ies$/.test(word)) return word.slice(0, -3) + 'y';
	if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
	if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
	return word;
}

function labelFor(name: string, model: string | undefined, sharedModel: boolean): string {
	if (LABEL_OVERRIDES[name]) return LABEL_OVERRIDES[name];
	if (model && !sharedModel) return words(model).join(' ');
	const w = words(name);
	w[w.length - 1] = singular(w[w.length - 1]);
	return w.join(' ');
}

function camel(label: string): string {
	const w = label.split(' ');
	return w.map((x, i) => (i === 0 ? x.toLowerCase() : x[0].toUpperCase() + x.slice(1))).join('');
}

function typeOf(p: SwaggerProperty): string {
	if (p.$ref) return 'ref:' + p.$ref.split('/').pop();
	if (p.type === 'array') {
		const it = p.items ?? {};
		return (
			'array:' +
			(it.$ref ? it.$ref.split('/').pop() : [it.type, it.format].filter(Boolean).join('/'))
		);
	}
	return [p.type, p.format].filter(Boolean).join('/');
}

function modelOfEntity(swagger: Swagger, ops: Classified[]): string | undefined {
	// The model is the body of create/update, else the item type of get (ItemQueryResultModel[X]).
	for (const c of ops) {
		const op = swagger.paths[c.path][c.method.toLowerCase()];
		const body = op.parameters?.find((p) => p.in === 'body' && p.schema?.$ref);
		if (body && ['create', 'update', 'replace'].includes(c.op)) {
			const name = body.schema!.$ref!.split('/').pop()!;
			if (name.endsWith('Model') && name !== 'QueryModel') return name;
		}
	}
	for (const c of ops) {
		const op = swagger.paths[c.path][c.method.toLowerCase()] as SwaggerOperation & {
			responses?: Record<string, { schema?: { $ref?: string } }>;
		};
		const ref = op.responses?.['200']?.schema?.$ref ?? '';
		const m = /\[(\w+Model)[,\]]/.exec(decodeURIComponent(ref));
		if (m) return m[1];
	}
	return undefined;
}

export function buildCatalog(swagger: Swagger): BuiltCatalog {
	const classified: Classified[] = [];
	const unclassified: BuiltCatalog['unclassified'] = [];
	for (const [path, methods] of Object.entries(swagger.paths)) {
		for (const [m, op] of Object.entries(methods)) {
			const method = m.toUpperCase();
			const c = classify(method, path, op);
			if (typeof c === 'string') unclassified.push({ method, path, reason: c });
			else classified.push(c);
		}
	}

	const byEntity = new Map<string, Classified[]>();
	for (const c of classified) {
		if (!c.entity) continue;
		if (!byEntity.has(c.entity)) byEntity.set(c.entity, []);
		byEntity.get(c.entity)!.push(c);
	}

	const modelNames = new Map<string, string | undefined>();
	for (const [name, ops] of byEntity) modelNames.set(name, modelOfEntity(swagger, ops));
	const modelCount = new Map<string, number>();
	for (const m of modelNames.values()) if (m) modelCount.set(m, (modelCount.get(m) ?? 0) + 1);

	const models: BuiltCatalog['models'] = {};
	const entities: CatalogEntry[] = [];
	for (const [name, ops] of byEntity) {
		const modelName = modelNames.get(name);
		const modelKey = modelName?.replace(/Model$/, '');
		const props = modelName ? (swagger.definitions[modelName]?.properties ?? {}) : {};
		if (modelKey) {
			models[modelKey] = Object.fromEntries(
				Object.entries(props)
					.filter(([f]) => f !== 'soapParentPropertyId')
					.map(([f, p]) => [f, typeOf(p)]),
			);
		}
		const rootOps = ROOT_OPS.filter((o) => ops.some((c) => c.scope === 'root' && c.op === o));
		const childOps = CHILD_OPS.filter((o) => ops.some((c) => c.scope === 'child' && c.op === o));
		const rootPath = ops.find((c) => c.scope === 'root')?.path.split('/')[2];
		const childPath = ops.find((c) => c.scope === 'child')?.path.split('/');
		const label = labelFor(name, modelKey, (modelCount.get(modelName ?? '') ?? 0) > 1);
		const entry: CatalogEntry = { name, value: camel(label), label, root: rootOps };
		if (rootPath) entry.path = rootPath;
		if (modelKey) entry.model = modelKey;
		if (childPath) {
			const parent = childPath[2];
			const segment = childPath[4];
			const child: CatalogChild = { parent, segment, ops: childOps };
			const parentEntity = PARENT_ENTITY[parent] ?? (byEntity.has(parent) ? parent : undefined);
			if (parentEntity) child.parentEntity = parentEntity;
			const fields = Object.keys(props);
			const parentWords = words(parentEntity ?? parent);
			const candidates = [
				singular(parentWords.join('')) + 'ID',
				singular(parentWords[parentWords.length - 1]) + 'ID',
				'parentID',
			].map((c) => c.toLowerCase());
			const idField =
				PARENT_ID_FIELD[name] ??
				fields.find((f) => f.toLowerCase() === candidates[0]) ??
				fields.find((f) => f.toLowerCase() === candidates[1]) ??
				fields.find((f) => f.toLowerCase() === candidates[2]);
			if (idField) child.parentIdField = idField;
			entry.child = child;
		}
		if ('userDefinedFields' in props) entry.udf = true;
		if (entry.child?.segment === 'Attachments' && 'data' in props) entry.attachment = true;
		entities.push(entry);
	}
	entities.sort((a, b) => a.name.localeCompare(b.name));

	const specials: CatalogSpecial[] = classified
		.filter((c) => c.scope === 'special')
		.map((c) => ({ key: c.op, method: c.method, path: c.path, operationId: c.operationId }))
		.sort((a, b) => a.key.localeCompare(b.key));

	return {
		entities,
		specials,
		classified,
		unclassified,
		models,
		requestBodies: requestBodies(swagger, classified),
	};
}

/** Request-model keys of special endpoints and of action entities' creates (see BuiltCatalog.requestBodies). */
function requestBodies(swagger: Swagger, classified: Classified[]): Record<string, string[]> {
	const readable = new Set(
		classified
			.filter((c) => c.entity && ['get', 'list', 'query'].includes(c.op))
			.map((c) => c.entity as string),
	);
	const out: Record<string, string[]> = {};
	for (const c of classified) {
		const key =
			c.scope === 'special'
				? `special:${c.op}`
				: c.scope === 'child' && c.op === 'create' && c.entity && !readable.has(c.entity)
					? `${c.entity}:child:create`
					: undefined;
		const ref = swagger.paths[c.path][c.method.toLowerCase()].parameters?.find(
			(p) => p.in === 'body',
		)?.schema?.$ref;
		if (!key || !ref) continue;
		const props = swagger.definitions[ref.split('/').pop()!]?.properties ?? {};
		out[key] = Object.keys(props).filter((k) => k !== 'soapParentPropertyId');
	}
	return Object.fromEntries(
		Object.keys(out)
			.sort()
			.map((k) => [k, out[k]]),
	);
}

/** Renders the node's catalog module. Deterministic, so the test can compare it byte for byte. */
export function renderCatalogModule(built: BuiltCatalog): string {
	const lines: string[] = [];
	lines.push(
		'// Generated by `npm run catalog` from the vendor swagger (scripts/catalog-builder.cts). Do not edit.',
	);
	lines.push("import type { CatalogEntry, CatalogSpecial } from './types';");
	lines.push('');
	lines.push('export const ENTITIES: CatalogEntry[] = [');
	for (const e of built.entities)
		lines.push('\t' + JSON.stringify(e).replace(/"(\w+)":/g, '$1:') + ',');
	lines.push('];');
	lines.push('');
	lines.push('export const SPECIALS: CatalogSpecial[] = [');
	for (const s of built.specials)
		lines.push('\t' + JSON.stringify(s).replace(/"(\w+)":/g, '$1:') + ',');
	lines.push('];');
	lines.push('');
	lines.push(
		'/** Body keys of the request models of special endpoints and action entities (BuiltCatalog.requestBodies). */',
	);
	lines.push('export const REQUEST_BODIES: Record<string, string[]> = {');
	for (const [k, keys] of Object.entries(built.requestBodies))
		lines.push(`\t${JSON.stringify(k)}: ${JSON.stringify(keys)},`);
	lines.push('};');
	lines.push('');
	return lines.join('\n');
}

export function renderModels(built: BuiltCatalog): string {
	const sorted = Object.fromEntries(
		Object.keys(built.models)
			.sort()
			.map((k) => [k, built.models[k]]),
	);
	return JSON.stringify(sorted, null, '\t') + '\n';
}
