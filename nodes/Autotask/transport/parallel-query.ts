import type { IDataObject } from 'n8n-workflow';

import {
	autotaskCount,
	autotaskQuery,
	queryUpTo,
	type QueryBody,
	type QueryResult,
} from './paging';
import { autotaskRequest } from './request';
import { transportSettings, type AutotaskContext } from './settings';
import { toNodeError } from './errors';
import { MAX_IN_FLIGHT } from './limiter';

/**
 * Return All (or a Limit over two pages) on a root query, read as up to 3 ID ranges at once.
 * The first page and a count go out together (both need only the filter): the page gives the lowest IDs
 * and their density, the count how many records match, so the ranges start after one round trip. The
 * rest is split into ranges of whole pages, each read by the ID cursor, the last one open-ended (a record
 * past the estimate, or created during the read, is still read). Ranges do not overlap and each is read
 * in ID order, so the result is exact and in ID order. Requests: at most ceil(N/500) + 3.
 */

/** The Get Many option that keeps the read on one cursor (v1/actions/record/common.description.ts). */
export const READ_SEQUENTIALLY_OPTION = 'readPagesOneAtATime';

export const parallelSettings = {
	/** Ranges read at once: Autotask's thread limit per integration and entity. */
	ranges: MAX_IN_FLIGHT,
	/** At most this many pages in all: one cursor (ranges cannot save a request's wait). */
	minPagesForRanges: 2,
};

export interface IdRange {
	/** Records with an ID above this one */
	after: number;
	/** ... and up to this one; the last range has none */
	upTo?: number;
}

/** Whether the filter already narrows by ID (a range split would fight it). Match-all is not. */
export function filtersOnId(filter: IDataObject[]): boolean {
	return filter.some((f) => {
		if (Array.isArray(f.items)) return filtersOnId(f.items as IDataObject[]);
		if (String(f.field ?? '').toLowerCase() !== 'id') return false;
		return !(f.op === 'gte' && Number(f.value) <= 0) && f.op !== 'exist';
	});
}

/**
 * The ranges after a first page with these (ascending) IDs, for `wanted` records in all; undefined when
 * one cursor does as well. Each range covers whole pages at the first page's ID density.
 */
export function planRanges(
	ids: number[],
	wanted: number,
	pageSize = transportSettings.pageSize,
	maxRanges = parallelSettings.ranges,
): IdRange[] | undefined {
	const pagesLeft = Math.ceil((wanted - ids.length) / pageSize);
	if (wanted <= parallelSettings.minPagesForRanges * pageSize || pagesLeft < 2) return undefined;
	const count = Math.min(maxRanges, pagesLeft);
	const low = Math.min(...ids);
	const high = Math.max(...ids);
	// The mean gap between neighbouring IDs of the first page
	const idsPerRecord = Math.max(1, (high - low) / Math.max(1, ids.length - 1));
	const ranges: IdRange[] = [];
	let after = high;
	let pagesSoFar = 0;
	for (let n = 0; n < count; n++) {
		pagesSoFar += Math.floor(pagesLeft / count) + (n < pagesLeft % count ? 1 : 0);
		const upTo = n < count - 1 ? high + Math.ceil(pagesSoFar * pageSize * idsPerRecord) : undefined;
		ranges.push({ after, upTo });
		if (upTo !== undefined) after = upTo;
	}
	return ranges;
}

const idsOf = (items: IDataObject[]): number[] => items.map((r) => Number(r.id));

/** The read shared by the ranges: the first failure stops the others at their next page. */
type ReadState = { failed: boolean };

/** One page of a range: the records within its bound, and whether the range has more. */
function pageOf(page: IDataObject, range: IdRange): { got: IDataObject[]; more: boolean } {
	const all = (page.items as IDataObject[] | undefined) ?? [];
	const more = !!(page.pageDetails as IDataObject | undefined)?.nextPageUrl;
	if (range.upTo === undefined) return { got: all, more };
	const got = all.filter((r) => Number(r.id) <= range.upTo!);
	// Records past the bound (Autotask ignored it) belong to the next range, which reads them.
	return { got, more: more && got.length === all.length };
}

/** One range by the id cursor, at most `cap` records. */
async function readRange(
	ctx: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	range: IdRange,
	cap: number,
	state: ReadState,
): Promise<{ items: IDataObject[]; pages: number; more: boolean }> {
	const items: IDataObject[] = [];
	let after = range.after;
	let pages = 0;
	const bound = range.upTo === undefined ? [] : [{ op: 'lte', field: 'id', value: range.upTo }];
	for (;;) {
		if (state.failed) return { items, pages, more: true };
		const filter = [{ op: 'gt', field: 'id', value: after }, ...bound, ...query.filter];
		const MaxRecords = Math.min(transportSettings.pageSize, cap - items.length);
		const page = await autotaskRequest.call(ctx, {
			method: 'POST',
			path: queryPath,
			body: { ...query, filter, MaxRecords },
		});
		pages++;
		const { got, more } = pageOf(page, range);
		for (const record of got) items.push(record);
		if (!more || !got.length || items.length >= cap) return { items, pages, more };
		const last = Math.max(...idsOf(got));
		if (!Number.isFinite(last) || last <= after) {
			const message = `Autotask answered the page of IDs above ${after} with no higher ID; stopped to avoid reading it forever`;
			throw await toNodeError(
				ctx,
				{ message },
				{ method: 'POST', path: queryPath, idempotent: true },
			);
		}
		after = last;
	}
}

/**
 * The ranges read at once; their records joined in id order. The first range, which planRanges gives
 * the most pages, sends first, so its answers are not the ones kept waiting while the others are read.
 */
async function readRanges(
	ctx: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	ranges: IdRange[],
	lastCap: number,
): Promise<{ items: IDataObject[]; pages: number; more: boolean }> {
	const state: ReadState = { failed: false };
	const settled = await Promise.allSettled(
		ranges.map((range, n) =>
			readRange(
				ctx,
				queryPath,
				query,
				range,
				n === ranges.length - 1 ? lastCap : Infinity,
				state,
			).catch((error) => {
				state.failed = true;
				throw error;
			}),
		),
	);
	const failure = settled.find((s) => s.status === 'rejected');
	if (failure) throw (failure as PromiseRejectedResult).reason;
	const parts = settled.map(
		(s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof readRange>>>).value,
	);
	const items: IDataObject[] = [];
	for (const part of parts) for (const record of part.items) items.push(record);
	return {
		items,
		pages: parts.reduce((sum, p) => sum + p.pages, 0),
		more: parts[parts.length - 1].more,
	};
}

/**
 * Get Many's read: ranges at once where they help, else one cursor (a limit of at most two pages, a
 * filter on ID, the Read Pages One at a Time option, records without IDs, or at most two pages found;
 * the count was sent all the same, so those found reads cost one request more than the pages).
 */
export async function autotaskQueryAll(
	this: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	limit?: number,
	sequential = false,
): Promise<QueryResult> {
	const pageSize = transportSettings.pageSize;
	const small = limit !== undefined && limit <= parallelSettings.minPagesForRanges * pageSize;
	if (sequential || small || filtersOnId(query.filter))
		return await autotaskQuery.call(this, queryPath, query, limit);
	const { first, count } = await firstPageAndCount(this, queryPath, query);
	const got = (first.items as IDataObject[] | undefined) ?? [];
	const ids = idsOf(got);
	const next = !!(first.pageDetails as IDataObject | undefined)?.nextPageUrl;
	const ranges =
		next && got.length && ids.every(Number.isFinite)
			? planRanges(ids, Math.min(await count(), limit ?? Infinity))
			: undefined;
	if (!ranges) {
		await count(true); // sent with the first page; not needed when one cursor reads the rest
		const rest = await queryUpTo.call(this, queryPath, query, limit ?? Infinity, first);
		return { ...rest, pages: rest.pages + 1 };
	}
	const wanted = Math.min(await count(), limit ?? Infinity);
	// With a Limit, the last range reads its share only; an estimate that fell short is topped up below.
	const lastCap = limit === undefined ? Infinity : lastShare(got.length, wanted, ranges.length);
	const read = await topUp(
		this,
		queryPath,
		query,
		await readRanges(this, queryPath, query, ranges, lastCap),
		wanted - got.length,
		Math.max(...ids),
	);
	const items = got.concat(read.items);
	const sorted =
		ids.length < 2 || isAscending(items)
			? items
			: items.sort((a, b) => Number(a.id) - Number(b.id));
	return {
		items: limit === undefined ? sorted : sorted.slice(0, limit),
		pages: 2 + read.pages,
		hasMore: read.more || (limit !== undefined && sorted.length > limit),
	};
}

/**
 * The first page and the count, sent together (both need only the filter): the page gives the IDs'
 * density, the count sizes the ranges. `count()` is the count, or its error; `count(true)` waits for it
 * and ignores a failure (the read did not need it).
 */
async function firstPageAndCount(
	ctx: AutotaskContext,
	queryPath: string,
	query: QueryBody,
): Promise<{ first: IDataObject; count: (ignoreFailure?: boolean) => Promise<number> }> {
	const body: QueryBody = { ...query, MaxRecords: transportSettings.pageSize };
	const firstPage = autotaskRequest.call(ctx, { method: 'POST', path: queryPath, body });
	const countPath = queryPath.replace(/\/query$/i, '/query/count');
	const counting = autotaskCount.call(ctx, countPath, query.filter);
	counting.catch(() => undefined); // awaited below; a failed first page must not leave it unhandled
	// A failed first page is reported once the count is back too: nothing is left in flight.
	await firstPage.then(
		() => undefined,
		async () => await counting.catch(() => undefined),
	);
	return {
		first: await firstPage,
		count: async (ignoreFailure = false) =>
			ignoreFailure ? await counting.catch(() => 0) : await counting,
	};
}

/** The records the last range is planned to hold (planRanges gives it the smallest page count). */
function lastShare(read: number, wanted: number, ranges: number): number {
	const pageSize = transportSettings.pageSize;
	const pagesLeft = Math.ceil((wanted - read) / pageSize);
	const lastPages = Math.floor(pagesLeft / ranges);
	return Math.max(1, wanted - read - (pagesLeft - lastPages) * pageSize);
}

type RangesRead = Awaited<ReturnType<typeof readRanges>>;

/**
 * Under a Limit, when the ranges held fewer records than estimated, the rest comes by the cursor after
 * the highest ID read: the ranges before the last are complete and the last one was read in ID order,
 * so what was read is the start of the result.
 */
async function topUp(
	ctx: AutotaskContext,
	queryPath: string,
	query: QueryBody,
	read: RangesRead,
	wanted: number,
	floor: number,
): Promise<RangesRead> {
	if (read.items.length >= wanted || !read.more || !Number.isFinite(wanted)) return read;
	const after = Math.max(floor, ...idsOf(read.items));
	const filter = [{ op: 'gt', field: 'id', value: after }, ...query.filter];
	const rest = await autotaskQuery.call(
		ctx,
		queryPath,
		{ ...query, filter },
		wanted - read.items.length,
	);
	return {
		items: read.items.concat(rest.items),
		pages: read.pages + rest.pages,
		more: rest.hasMore,
	};
}

function isAscending(items: IDataObject[]): boolean {
	for (let n = 1; n < items.length; n++)
		if (Number(items[n].id) <= Number(items[n - 1].id)) return false;
	return true;
}
