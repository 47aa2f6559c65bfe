import type { IDataObject } from 'n8n-workflow';

import { toNodeError } from './errors';
import { pageKey, pageLinkPath } from './page-links';
import { autotaskRequest } from './request';
import { printable } from './safe-text';
import { transportSettings, type AutotaskContext } from './settings';

export interface QueryBody extends IDataObject {
	filter: IDataObject[];
	MaxRecords?: number;
	IncludeFields?: string[];
}

export interface QueryResult {
	items: IDataObject[];
	/** Requests made (pages read) */
	pages: number;
	/** True when the limit stopped reading while Autotask had more */
	hasMore: boolean;
}

/**
 * Follows pageDetails.nextPageUrl from a first answer until Autotask has no more or `limit` records are
 * in. Only the path and query of a link under the zone's /V1.0/ are followed. A page that comes back
 * twice (compared by that path and query, whatever the host), or too many empty pages, is an error,
 * never a silent stop or an endless loop.
 */
export async function followPages(
	this: AutotaskContext,
	first: IDataObject,
	limit?: number,
): Promise<QueryResult> {
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let pages = 0;
	let empty = 0;
	let response = first;
	for (;;) {
		pages++;
		const got = (response.items as IDataObject[] | undefined) ?? [];
		items.push(...got);
		const next = (response.pageDetails as IDataObject | undefined)?.nextPageUrl as unknown;
		if (limit !== undefined && items.length >= limit) {
			return { items: items.slice(0, limit), pages, hasMore: items.length > limit || !!next };
		}
		if (!next) return { items, pages, hasMore: false };
		const path = pageLinkPath(next);
		const stop = (message: string) =>
			toNodeError(this, { message }, { method: 'GET', path: path ?? '/', idempotent: true });
		if (path === undefined) {
			throw await stop(
				`Autotask's next-page link is not a path under the zone's /V1.0/ ("${printable(next)}"); it was not followed`,
			);
		}
		if (seen.has(pageKey(path))) {
			throw await stop(
				`Autotask returned the same next page twice after ${items.length} records; stopped to avoid reading it forever`,
			);
		}
		if (!got.length && ++empty >= transportSettings.maxEmptyPages) {
			const records = `${items.length} record${items.length === 1 ? '' : 's'}`;
			throw await stop(
				`Autotask sent ${empty} empty pages, each with a link to another page, after ${records}; stopped to avoid reading forever`,
			);
		}
		seen.add(pageKey(path));
		response = await autotaskRequest.call(this, { method: 'GET', path });
	}
}

/**
 * Runs a query and follows its pages. The first page asks for no more than the limit, so a limit L
 * costs ceil(L/500) requests.
 */
export async function autotaskQuery(
	this: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	limit?: number,
): Promise<QueryResult> {
	const pageSize = transportSettings.pageSize;
	const body: QueryBody = {
		...query,
		MaxRecords: limit !== undefined ? Math.min(limit, pageSize) : pageSize,
	};
	const first = await autotaskRequest.call(this, { method: 'POST', path: queryPath, body });
	if (limit === undefined || limit <= pageSize) return await followPages.call(this, first, limit);
	return await queryUpTo.call(this, queryPath, query, limit, first);
}

/**
 * A query with a limit above one page: each next page is the same query for IDs above the last one
 * read, asking only for the records still needed (Autotask's recommended id-cursor loop),
 * so a limit L costs ceil(L/500) requests and reads no record it will drop.
 */
export async function queryUpTo(
	this: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	limit: number,
	first: IDataObject,
): Promise<QueryResult> {
	const items: IDataObject[] = [];
	let page = first;
	let pages = 1;
	for (;;) {
		const got = (page.items as IDataObject[] | undefined) ?? [];
		items.push(...got);
		const more = !!(page.pageDetails as IDataObject | undefined)?.nextPageUrl;
		if (items.length >= limit || !more || !got.length) {
			return { items: items.slice(0, limit), pages, hasMore: more || items.length > limit };
		}
		const lastId = Math.max(...got.map((r) => Number(r.id)));
		if (!Number.isFinite(lastId)) {
			// Records without IDs: follow Autotask's page links for the rest instead.
			const before = items.slice(0, items.length - got.length);
			const rest = await followPages.call(this, page, limit - before.length);
			return {
				items: [...before, ...rest.items],
				pages: pages + rest.pages - 1,
				hasMore: rest.hasMore,
			};
		}
		const needed = Math.min(limit - items.length, transportSettings.pageSize);
		const filter = [{ op: 'gt', field: 'id', value: lastId }, ...query.filter];
		page = await autotaskRequest.call(this, {
			method: 'POST',
			path: queryPath,
			body: { ...query, filter, MaxRecords: needed },
		});
		pages++;
	}
}

/** POST …/query/count: how many records match. */
export async function autotaskCount(
	this: AutotaskContext,
	countPath: string,
	filter: IDataObject[],
): Promise<number> {
	const response = await autotaskRequest.call(this, {
		method: 'POST',
		path: countPath,
		body: { filter },
	});
	return Number(response.queryCount ?? 0);
}
