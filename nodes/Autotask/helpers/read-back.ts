import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { rootOpPath, type CatalogEntry } from '../catalog';
import { autotaskQuery, transportSettings } from '../transport';
import { isPreview } from './preview';
import { queryableTwin } from './routes';

/** Writes whose answer ({itemId}) is replaced by the record as Autotask then holds it. */
export const READ_BACK_VERBS = new Set(['create', 'update', 'replace']);

interface Outcome {
	value?: Array<{ json: IDataObject }>;
	error?: unknown;
	skipped?: boolean;
}

/**
 * Replaces the {itemId} answers of successful writes with the records as Autotask now holds them, read
 * with `in` queries of up to 500 IDs (one extra request per 500 items). Entities that cannot be queried
 * keep {itemId}; previews keep the request they show. A failed read-back leaves the answers as they are
 * and says so in a hint: the writes themselves succeeded and must not be repeated.
 */
export async function readBackWritten(
	ctx: IExecuteFunctions,
	entity: CatalogEntry,
	outcomes: Outcome[],
): Promise<void> {
	const queryable = queryableTwin(entity);
	if (!queryable) return;
	// A preview wrote nothing, so there is nothing to read back.
	const written = outcomes.filter(
		(o, i) => o.value?.length && !returnIdOnly(ctx, i) && !isPreview(ctx, i),
	);
	const ids = [
		...new Set(
			written
				.flatMap((o) => o.value!.map((v) => Number(v.json.itemId)))
				.filter((id) => Number.isInteger(id) && id > 0),
		),
	];
	if (!ids.length) return;
	const found = new Map<number, IDataObject>();
	try {
		for (let start = 0; start < ids.length; start += transportSettings.pageSize) {
			const chunk = ids.slice(start, start + transportSettings.pageSize);
			const { items } = await autotaskQuery.call(
				ctx,
				rootOpPath(queryable, 'query'),
				{ filter: [{ op: 'in', field: 'id', value: chunk }] },
				chunk.length,
			);
			for (const record of items) found.set(Number(record.id), record);
		}
	} catch (error) {
		hint(
			ctx,
			`The writes succeeded, but reading the ${entity.label} records back failed (${(error as Error).message}): the output holds their IDs only. Do not run the writes again.`,
		);
		return;
	}
	// An item's several written records (Create or Update of all matches) are each read back.
	for (const v of written.flatMap((o) => o.value!)) {
		const record = found.get(Number(v.json.itemId));
		if (record) v.json = { ...record };
	}
}

function returnIdOnly(ctx: IExecuteFunctions, i: number): boolean {
	const options = (ctx.getNodeParameter('writeOptions', i, {}) as IDataObject) ?? {};
	return options.returnIdOnly === true;
}

function hint(ctx: IExecuteFunctions, message: string): void {
	if (typeof ctx.addExecutionHints === 'function')
		ctx.addExecutionHints({ message, location: 'outputPane' });
}
