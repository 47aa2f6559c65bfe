/**
 * In-process data access "as a person in the UI" (no API validation, changes attributed to a
 * PersonID so webhooks fire), plus the /__sandbox/... admin HTTP API for other processes.
 */
import type { CatalogEntry } from '../nodes/Autotask/catalog';
import { ENTITIES, findEntity } from '../nodes/Autotask/catalog';
import { ApiError } from './errors.cjs';
import type { FaultInjector, FaultRule } from './faults.cjs';
import type { JournalEntry } from './journal.cjs';
import type { Limits } from './limits.cjs';
import type { Row, Store } from './store.cjs';
import type { WebhookDispatcher } from './webhooks.cjs';
import { applyWrite } from './writes.cjs';

export interface AdminOptions {
	/** Resource the change is attributed to (the callout's PersonID) */
	personId?: number | null;
	/** Parent id for child entities created through their parent */
	parentId?: number;
}

export function resolveEntity(name: string): CatalogEntry {
	const e =
		findEntity(name) ??
		ENTITIES.find((x) => x.model?.toLowerCase() === name.toLowerCase() && x.path);
	if (!e || !e.model) throw new ApiError(404, [`Unknown entity ${name}`]);
	return e;
}

export class Admin {
	constructor(private store: Store) {}

	get(entity: string, id: number): Row | null {
		return this.store.get(resolveEntity(entity).model as string, id) ?? null;
	}

	list(entity: string, where?: (r: Row) => boolean): Row[] {
		const rows = Array.from(this.store.all(resolveEntity(entity).model as string));
		return where ? rows.filter(where) : rows;
	}

	create(entity: string, data: Record<string, unknown>, opts: AdminOptions = {}): Row {
		return applyWrite(this.store, {
			entity: resolveEntity(entity),
			body: { ...data, id: 0 },
			mode: 'create',
			actor: this.actor(opts),
			parentId: opts.parentId,
			trusted: true,
		});
	}

	update(entity: string, id: number, patch: Record<string, unknown>, opts: AdminOptions = {}): Row {
		return applyWrite(this.store, {
			entity: resolveEntity(entity),
			body: { ...patch, id },
			mode: 'update',
			actor: this.actor(opts),
			trusted: true,
		});
	}

	delete(entity: string, id: number, opts: AdminOptions = {}): boolean {
		return this.store.delete(
			resolveEntity(entity).model as string,
			id,
			this.actor(opts).resourceId,
		);
	}

	private actor(opts: AdminOptions) {
		return {
			resourceId: opts.personId === undefined ? this.store.apiResourceId : opts.personId,
			impersonatorId: null,
		};
	}
}

export interface AdminHttpDeps {
	admin: Admin;
	store: Store;
	faults: FaultInjector;
	journal: JournalEntry[];
	webhooks: WebhookDispatcher;
	limits: Limits;
	settings: {
		latencyMs: number;
		webhookTimeScale: number;
		strictOperators: boolean;
		notFoundMode: 'item-null' | '404';
	};
	info: () => Record<string, unknown>;
}

/** Routes under /__sandbox (documented in sandbox/README.md). */
export async function handleAdminHttp(
	d: AdminHttpDeps,
	method: string,
	path: string,
	query: URLSearchParams,
	body: unknown,
): Promise<{ status: number; body: unknown }> {
	const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
	const b = (body ?? {}) as Record<string, unknown>;
	const personId =
		query.get('personId') !== null
			? Number(query.get('personId'))
			: typeof b.personId === 'number'
				? b.personId
				: undefined;
	const [head, a, c] = parts;
	const M = method.toUpperCase();
	if (head === 'info' && M === 'GET') return { status: 200, body: d.info() };
	if (head === 'records' && a) {
		if (M === 'GET' && c === undefined) return { status: 200, body: { items: d.admin.list(a) } };
		if (M === 'GET') return { status: 200, body: { item: d.admin.get(a, Number(c)) } };
		const data = (b.data ?? b) as Record<string, unknown>;
		const parentId = query.get('parentId') !== null ? Number(query.get('parentId')) : undefined;
		if (M === 'POST')
			return {
				status: 200,
				body: { item: d.admin.create(a, strip(data), { personId, parentId }) },
			};
		if (M === 'PATCH')
			return {
				status: 200,
				body: { item: d.admin.update(a, Number(c), strip(data), { personId }) },
			};
		if (M === 'DELETE')
			return { status: 200, body: { deleted: d.admin.delete(a, Number(c), { personId }) } };
	}
	if (head === 'faults') {
		if (M === 'GET') return { status: 200, body: { faults: d.faults.list() } };
		if (M === 'POST') return { status: 200, body: { id: d.faults.add(b as unknown as FaultRule) } };
		if (M === 'DELETE' && a) return (d.faults.remove(Number(a)), { status: 200, body: {} });
		if (M === 'DELETE') return (d.faults.clear(), { status: 200, body: {} });
	}
	if (head === 'journal') {
		if (M === 'GET') return { status: 200, body: { entries: d.journal } };
		if (M === 'DELETE') return (d.journal.splice(0), { status: 200, body: {} });
	}
	if (head === 'webhooks' && a === 'deliveries' && M === 'GET')
		return { status: 200, body: { deliveries: d.webhooks.deliveries } };
	if (head === 'webhooks' && a === 'idle' && M === 'POST')
		return (await d.webhooks.idle(), { status: 200, body: {} });
	if (head === 'settings') {
		if (M === 'PATCH' || M === 'PUT') {
			if (typeof b.latencyMs === 'number') d.settings.latencyMs = b.latencyMs;
			if (typeof b.webhookTimeScale === 'number')
				d.settings.webhookTimeScale = d.webhooks.timeScale = b.webhookTimeScale;
			if (typeof b.strictOperators === 'boolean') d.settings.strictOperators = b.strictOperators;
			if (b.notFoundMode === '404' || b.notFoundMode === 'item-null')
				d.settings.notFoundMode = b.notFoundMode;
			if (typeof b.hourlyLimit === 'number') d.limits.opts.hourlyLimit = b.hourlyLimit;
			if (typeof b.threadLimit === 'number') d.limits.opts.threadLimit = b.threadLimit;
			if (b.resetRequestCount === true) d.limits.reset();
		}
		if (M === 'GET' || M === 'PATCH' || M === 'PUT')
			return {
				status: 200,
				body: {
					...d.settings,
					hourlyLimit: d.limits.opts.hourlyLimit,
					threadLimit: d.limits.opts.threadLimit,
					requestCount: d.limits.used(),
				},
			};
	}
	return { status: 404, body: { errors: [`No sandbox admin route ${M} ${path}`] } };
}

function strip(data: Record<string, unknown>): Record<string, unknown> {
	const { personId: _p, ...rest } = data;
	return rest;
}
