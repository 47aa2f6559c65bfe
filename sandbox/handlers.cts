/**
 * Operation handlers: one function per catalog op kind (root, child, special), all backed by the
 * one store and the one query engine.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CatalogEntry } from '../nodes/Autotask/catalog';
import { ENTITIES, findEntity } from '../nodes/Autotask/catalog';
import { impersonationHeader } from './auth.cjs';
import { atNow } from './clock.cjs';
import { ApiError, fail } from './errors.cjs';
import { entityInfo, fieldsFor, udfFieldsFor } from './metadata.cjs';
import { modelInfo } from './models.cjs';
import type { Filter, QueryContext, QueryModel } from './query-engine.cjs';
import {
	compileFilter,
	countMatches,
	page,
	parseQueryModel,
	resolveIncludeFields,
} from './query-engine.cjs';
import type { RouteMatch } from './router.cjs';
import type { Row, Store } from './store.cjs';
import type { Actor } from './writes.cjs';
import { applyWrite } from './writes.cjs';

export interface HandlerContext {
	store: Store;
	baseUrl: string;
	strictOperators: boolean;
	notFoundMode: 'item-null' | '404';
	zone: { zoneName: string; webUrl: string; ci: number };
	thresholds: () => { limit: number; used: number };
	username: string;
}

export interface ApiRequest {
	method: string;
	/** Path relative to /ATServicesRest, as sent (case preserved) */
	path: string;
	query: URLSearchParams;
	body: unknown;
	headers: IncomingHttpHeaders;
}

export interface ApiResponse {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

const ok = (body: unknown): ApiResponse => ({ status: 200, body });

function entityOf(name: string): CatalogEntry {
	const e = findEntity(name);
	if (!e) throw new ApiError(404, ['Unknown entity']);
	return e;
}

/** Resolves the acting resource, honouring the ImpersonationResourceId header. */
export function actorFor(ctx: HandlerContext, headers: IncomingHttpHeaders): Actor {
	const raw = impersonationHeader(headers);
	if (raw === undefined || raw === '')
		return { resourceId: ctx.store.apiResourceId, impersonatorId: null };
	const id = Number(raw);
	const res = Number.isInteger(id) ? ctx.store.get('Resource', id) : undefined;
	if (!res || res.isActive === false || ctx.store.noImpersonation.has(id))
		fail(
			`The logged in Resource does not have the adequate permissions to impersonate the Resource with id ${raw}.`,
		);
	return { resourceId: id, impersonatorId: ctx.store.apiResourceId };
}

function queryContext(ctx: HandlerContext, e: CatalogEntry): QueryContext {
	const model = modelInfo(e.model);
	const notQueryable = new Set(
		fieldsFor(e, ctx.store)
			.filter((f) => !f.isQueryable)
			.map((f) => f.name),
	);
	return {
		model,
		entityLabel: e.model ?? e.name,
		strictOperators: ctx.strictOperators,
		notQueryable,
	};
}

/** Full record as the API shows it: every model field present, null when unset. */
export function present(
	e: CatalogEntry,
	row: Row,
	keep: Set<string> | null,
	withData: boolean,
): Record<string, unknown> {
	const info = modelInfo(e.model);
	const out: Record<string, unknown> = {};
	for (const f of info.fields) {
		if (keep && !keep.has(f)) continue;
		if (f === 'data' && e.attachment && !withData) continue; // root attachment reads never carry data
		out[f] = f === 'userDefinedFields' ? (row.userDefinedFields ?? []) : (row[f] ?? null);
	}
	return out;
}

interface Paging {
	pageSize: number;
	afterId?: number;
	beforeId?: number;
}

function readQuery(req: ApiRequest): QueryModel {
	const bodyEmpty =
		req.body === undefined ||
		req.body === null ||
		req.body === '' ||
		(typeof req.body === 'object' &&
			!Array.isArray(req.body) &&
			Object.keys(req.body as object).length === 0);
	if (req.method === 'POST' && !bodyEmpty) return parseQueryModel(req.body);
	// GET ?search= carries the query; a POST on a nextPageUrl may come with no body
	const search = req.query.get('search');
	if (!search) fail('The search parameter is required.');
	let parsed: unknown;
	try {
		parsed = JSON.parse(search);
	} catch {
		fail('The search parameter is not valid JSON.');
	}
	return parseQueryModel(parsed);
}

function readPaging(req: ApiRequest): Paging | null {
	const p = req.query.get('paging');
	if (!p) return null;
	try {
		const v = JSON.parse(p) as Paging;
		return { pageSize: Number(v.pageSize) || 500, afterId: v.afterId, beforeId: v.beforeId };
	} catch {
		return fail('Invalid paging parameter.');
	}
}

function pageUrl(ctx: HandlerContext, req: ApiRequest, q: QueryModel, paging: Paging): string {
	// Absolute and self-contained: works by GET, by POST with the original body, and by POST with no body
	const search = JSON.stringify({
		filter: q.filter,
		MaxRecords: q.maxRecords,
		IncludeFields: q.includeFields ?? [],
	});
	const path = req.path.replace(/^\/+/, '').replace(/\/query\/?$/i, '/query');
	return `${ctx.baseUrl}${path}?search=${encodeURIComponent(search)}&paging=${encodeURIComponent(JSON.stringify(paging))}`;
}

function runQuery(ctx: HandlerContext, e: CatalogEntry, req: ApiRequest): ApiResponse {
	const q = readQuery(req);
	const paging = readPaging(req) ?? { pageSize: q.maxRecords };
	const qc = queryContext(ctx, e);
	const pred = compileFilter(q.filter as Filter[], qc);
	const keep = resolveIncludeFields(q.includeFields, qc);
	const size = paging.pageSize;
	const res = page(ctx.store.all(e.model as string), pred, size, paging);
	const items = res.rows.map((r) => present(e, r, keep, false));
	const first = res.rows[0]?.id;
	const last = res.rows[res.rows.length - 1]?.id;
	return ok({
		items,
		pageDetails: {
			count: items.length,
			requestCount: size,
			prevPageUrl:
				res.hasPrev && first !== undefined
					? pageUrl(ctx, req, q, { pageSize: size, beforeId: first })
					: null,
			nextPageUrl:
				res.hasMore && last !== undefined
					? pageUrl(ctx, req, q, { pageSize: size, afterId: last })
					: null,
		},
	});
}

function notFound(ctx: HandlerContext, key: 'item' | 'items'): ApiResponse {
	if (ctx.notFoundMode === '404')
		return { status: 404, body: { errors: ['The requested entity was not found.'] } };
	return ok(key === 'item' ? { item: null } : { items: [] });
}

function parentRows(ctx: HandlerContext, e: CatalogEntry, parentId: number): Row[] {
	const field = e.child?.parentIdField;
	const out: Row[] = [];
	if (!e.model || !field) return out;
	for (const r of ctx.store.all(e.model))
		if ((field === 'id' ? r.id : Number(r[field])) === parentId) out.push(r);
	return out;
}

function requireParent(ctx: HandlerContext, e: CatalogEntry, parentId: number): void {
	const parent = e.child?.parentEntity ? findEntity(e.child.parentEntity) : undefined;
	if (parent?.model && !ctx.store.get(parent.model, parentId))
		fail(
			`Reference value on field: ${e.child?.parentIdField ?? 'parentId'} of type: ${parent.model} does not exist or is invalid`,
		);
}

export function handleEntityOp(ctx: HandlerContext, m: RouteMatch, req: ApiRequest): ApiResponse {
	const e = entityOf(m.route.entity);
	const { op, scope } = m.route;
	const id = m.params.id !== undefined ? Number(m.params.id) : undefined;
	const parentId = m.params.parentId !== undefined ? Number(m.params.parentId) : undefined;
	switch (op) {
		case 'entityInformation':
			return ok(entityInfo(e));
		case 'fields':
			return ok({ fields: fieldsFor(e, ctx.store) });
		case 'userDefinedFields':
			return ok({ fields: udfFieldsFor(e, ctx.store) });
	}
	if (scope === 'root') {
		switch (op) {
			case 'query':
			case 'queryUrl':
				return runQuery(ctx, e, req);
			case 'count':
			case 'countUrl': {
				const q = readQuery(req);
				return ok({
					queryCount: countMatches(
						ctx.store.all(e.model as string),
						compileFilter(q.filter, queryContext(ctx, e)),
					),
				});
			}
			case 'get': {
				const row = ctx.store.get(e.model as string, id as number);
				return row ? ok({ item: present(e, row, null, false) }) : notFound(ctx, 'item');
			}
			case 'create':
			case 'update':
			case 'replace': {
				const row = applyWrite(ctx.store, {
					entity: e,
					body: req.body,
					mode: op,
					actor: actorFor(ctx, req.headers),
				});
				return ok({ itemId: row.id });
			}
			case 'delete': {
				const actor = actorFor(ctx, req.headers);
				if (!ctx.store.get(e.model as string, id as number))
					fail(`The ${e.model} with id ${id} does not exist.`);
				deleteWithChildren(ctx.store, e, id as number, actor.resourceId);
				return ok({ itemId: id });
			}
		}
	}
	// child scope
	const pid = parentId as number;
	switch (op) {
		case 'list': {
			const rows = parentRows(ctx, e, pid);
			return ok({
				items: rows.slice(0, 500).map((r) => present(e, r, null, false)),
				pageDetails: {
					count: Math.min(rows.length, 500),
					requestCount: 500,
					prevPageUrl: null,
					nextPageUrl: null,
				},
			});
		}
		case 'get': {
			const row = parentRows(ctx, e, pid).find((r) => r.id === id);
			// Attachment child GET by id answers {"items":[{...data...}]} (not a bare model, as the swagger says)
			if (e.attachment)
				return row ? ok({ items: [present(e, row, null, true)] }) : notFound(ctx, 'items');
			return row ? ok({ item: present(e, row, null, false) }) : notFound(ctx, 'item');
		}
		case 'getByYear':
			return timeOffBalance(ctx, e, pid, Number(m.params.year));
		case 'action':
			return timeOffDecision(ctx, req, pid, 'approve');
		case 'create':
		case 'update':
		case 'replace': {
			if (e.name === 'TimeOffRequestsReject') return timeOffDecision(ctx, req, pid, 'reject');
			if (e.name.startsWith('InventoryStockedItems')) return stockAction(ctx, e, req, pid);
			requireParent(ctx, e, pid);
			const row = applyWrite(ctx.store, {
				entity: e,
				body: req.body,
				mode: op,
				actor: actorFor(ctx, req.headers),
				parentId: pid,
			});
			return ok({ itemId: row.id });
		}
		case 'delete': {
			const actor = actorFor(ctx, req.headers);
			const row = parentRows(ctx, e, pid).find((r) => r.id === id);
			if (!row) fail(`The ${e.model} with id ${id} does not exist.`);
			ctx.store.delete(e.model as string, row.id, actor.resourceId);
			return ok({ itemId: id });
		}
	}
	throw new ApiError(404, ['No handler']);
}

/** Deleting a webhook takes its Fields/UdfFields/ExcludedResources with it. */
function deleteWithChildren(
	store: Store,
	e: CatalogEntry,
	id: number,
	personId: number | null,
): void {
	for (const child of ENTITIES) {
		if (
			child.child?.parentEntity !== e.name ||
			!child.model ||
			child.child.parentIdField === 'id' ||
			child.name.startsWith('Contacts')
		)
			continue;
		if (!/Webhook/.test(child.name)) continue;
		const field = child.child.parentIdField as string;
		for (const r of Array.from(store.all(child.model)))
			if (Number(r[field]) === id) store.delete(child.model, r.id, personId);
	}
	store.delete(e.model as string, id, personId);
}

function timeOffBalance(
	ctx: HandlerContext,
	e: CatalogEntry,
	resourceId: number,
	year: number,
): ApiResponse {
	if (!ctx.store.get('Resource', resourceId)) return notFound(ctx, 'item');
	const found = parentRows(ctx, e, resourceId).find((r) => r.year === year);
	const row =
		found ??
		({
			id: resourceId * 10000 + year,
			resourceID: resourceId,
			year,
			vacationTimeAnnualAllowance: 120,
			vacationTimeBalance: 120,
			vacationTimeUsed: 0,
			sickTimeAnnualAllowance: 40,
			sickTimeBalance: 40,
		} as Row);
	return ok({ item: present(e, row, null, false) });
}

function timeOffDecision(
	ctx: HandlerContext,
	req: ApiRequest,
	requestId: number,
	decision: 'approve' | 'reject',
): ApiResponse {
	const row = ctx.store.get('TimeOffRequest', requestId);
	if (!row) fail(`The TimeOffRequest with id ${requestId} does not exist.`);
	const actor = actorFor(ctx, req.headers);
	const body = (req.body ?? {}) as Record<string, unknown>;
	// TimeOffRequestRejectModel (swagger): the reason is `reason`; unknown keys are ignored, as Autotask does
	const reason = Object.entries(body).find(([k]) => k.toLowerCase() === 'reason')?.[1];
	ctx.store.replace(
		'TimeOffRequest',
		{
			...row,
			status: decision === 'approve' ? 2 : 3,
			approveRejectResourceID: actor.resourceId,
			approvedDateTime: decision === 'approve' ? atNow() : row.approvedDateTime,
			rejectReason: decision === 'reject' ? (reason ?? null) : row.rejectReason,
			lastModifiedDateTime: atNow(),
		},
		actor.resourceId,
	);
	return ok({ itemId: requestId });
}

function stockAction(
	ctx: HandlerContext,
	e: CatalogEntry,
	req: ApiRequest,
	productId: number,
): ApiResponse {
	if (!ctx.store.get('InventoryProduct', productId))
		fail(
			`Reference value on field: inventoryProductID of type: InventoryProduct does not exist or is invalid`,
		);
	const actor = actorFor(ctx, req.headers);
	const body = (req.body ?? {}) as Record<string, unknown>;
	const row = ctx.store.insert(
		e.model as string,
		{ ...body, id: undefined, inventoryProductID: productId },
		actor.resourceId,
	);
	return ok({ itemId: row.id });
}

/** Specials: version and zone information, threshold information and the non-CRUD endpoints. */
export function handleSpecial(ctx: HandlerContext, m: RouteMatch, req: ApiRequest): ApiResponse {
	const id = Number(m.params.id);
	switch (m.route.op) {
		case 'versionInformation':
			return ok({ apiVersions: ['1.0'] });
		case 'version':
			return ok({ majorVersion: '2025', minorVersion: '1', build: '0', customerType: 'Sandbox' });
		case 'zoneInformation': {
			const user = req.query.get('user') ?? '';
			if (user.toLowerCase() !== ctx.username.toLowerCase())
				return {
					status: 500,
					body: { errors: [`Zone information could not be determined for user ${user}.`] },
				};
			return ok({
				zoneName: ctx.zone.zoneName,
				url: ctx.baseUrl,
				webUrl: ctx.zone.webUrl,
				ci: ctx.zone.ci,
			});
		}
		case 'thresholdInformation': {
			const t = ctx.thresholds();
			return ok({
				externalRequestThreshold: t.limit,
				requestThresholdTimeframe: 60,
				currentTimeframeRequestCount: t.used,
			});
		}
		case 'modules':
			return ok({
				modules: [24, 25, 26, 30, 33, 35, 36, 41, 57, 66].map((key) => ({ key, value: true })),
			});
		case 'entityInformation':
			return ok({ entityDescriptions: ENTITIES.map((e) => entityInfo(e)) });
		case 'authenticate':
			return ok({ authToken: 'sandbox-token', expiration: atNow(Date.now() + 3600_000) });
		case 'invoicePdf': {
			const inv = ctx.store.get('Invoice', id);
			if (!inv) return notFound(ctx, 'item');
			const pdf = Buffer.from(
				`%PDF-1.4\n% Sandbox invoice ${String(inv.invoiceNumber ?? id)}\n%%EOF\n`,
			).toString('base64');
			return ok({
				id,
				contentType: 'application/pdf',
				fileName: `Invoice_${String(inv.invoiceNumber ?? id)}.pdf`,
				fileSize: Buffer.byteLength(pdf, 'base64'),
				data: pdf,
			});
		}
		case 'invoiceMarkupHtml':
		case 'invoiceMarkupXml': {
			const inv = ctx.store.get('Invoice', id);
			if (!inv) return notFound(ctx, 'item');
			const n = String(inv.invoiceNumber ?? id);
			return ok({
				invoiceMarkup:
					m.route.op === 'invoiceMarkupHtml'
						? `<html><body><h1>Invoice ${n}</h1><p>Total ${String(inv.invoiceTotal ?? 0)}</p></body></html>`
						: `<Invoice><Number>${n}</Number><Total>${String(inv.invoiceTotal ?? 0)}</Total></Invoice>`,
			});
		}
		default:
			return invoiceSettings(ctx, m, req, id);
	}
}

function invoiceSettings(
	ctx: HandlerContext,
	m: RouteMatch,
	req: ApiRequest,
	companyId: number,
): ApiResponse {
	const company = ctx.store.get('Company', companyId);
	if (!company)
		fail(`Reference value on field: companyID of type: Company does not exist or is invalid`);
	const s = ctx.store.invoiceSettings(companyId);
	const body = (req.body ?? {}) as Record<string, unknown>;
	const prop = (name: string) =>
		Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
	const ids = (name: string) => {
		const v = prop(name);
		return Array.isArray(v) ? v.map(Number) : [];
	};
	switch (m.route.op) {
		case 'companyInvoiceSettingsGet':
			return ok({ item: s });
		case 'companyInvoiceSettingsUpdate':
			for (const k of [
				'taxExempt',
				'taxRegionId',
				'taxId',
				'invoiceEmailingEnabled',
				'otherEmails',
			]) {
				const v = prop(k);
				if (v !== undefined) (s as unknown as Record<string, unknown>)[k] = v;
			}
			return ok({ itemId: companyId });
		// UpdateContactRecipientsModel / UpdateResourceRecipientsModel (swagger): {"items":[ids]}; other keys are ignored
		case 'companyInvoiceContactRecipientsAdd':
			for (const c of ids('items')) {
				if (!ctx.store.get('Contact', c))
					fail(
						`Reference value on field: contactRecipients of type: Contact does not exist or is invalid`,
					);
				if (!s.contactRecipients.includes(c)) s.contactRecipients.push(c);
			}
			return ok({ contactRecipients: s.contactRecipients });
		case 'companyInvoiceResourceRecipientsAdd':
			for (const r of ids('items')) {
				if (!ctx.store.get('Resource', r))
					fail(
						`Reference value on field: resourceRecipients of type: Resource does not exist or is invalid`,
					);
				if (!s.resourceRecipients.includes(r)) s.resourceRecipients.push(r);
			}
			return ok({ resourceRecipients: s.resourceRecipients });
		case 'companyInvoiceContactRecipientRemove':
			s.contactRecipients = s.contactRecipients.filter((c) => c !== Number(m.params.contactId));
			return ok({ itemId: Number(m.params.contactId) });
		case 'companyInvoiceResourceRecipientRemove':
			s.resourceRecipients = s.resourceRecipients.filter((c) => c !== Number(m.params.resourceId));
			return ok({ itemId: Number(m.params.resourceId) });
	}
	throw new ApiError(404, ['No handler']);
}
