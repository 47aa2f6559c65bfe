import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENTITIES, rootOpPath, type CatalogEntry } from '../catalog';
import { autotaskQuery, transportSettings } from '../transport';

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
 * keep {itemId}. A failed read-back leaves the answers as they are and says so in a hint: the writes
 * themselves succeeded and must not be repeated.
 */
export async function readBackWritten(
	ctx: IExecuteFunctions,
	entity: CatalogEntry,
	outcomes: Outcome[],
): Promise<void> {
	const queryable = queryableTwin(entity);
	if (!queryable) return;
	const written = outcomes.filter((o, i) => o.value?.length && !returnIdOnly(ctx, i));
	const ids = [
		...new Set(
			written
				.map((o) => Number(o.value![0].json.itemId))
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
	for (const outcome of written) {
		const record = found.get(Number(outcome.value![0].json.itemId));
		if (record) outcome.value![0].json = record;
	}
}

/**
 * Where records of this entity can be queried: its own root, or, for one written only through its
 * parent (a company's contacts), the root entity of the same model (Contacts).
 */
function queryableTwin(entity: CatalogEntry): CatalogEntry | undefined {
	if (entity.root.includes('query')) return entity;
	return ENTITIES.find((e) => e.model && e.model === entity.model && e.root.includes('query'));
}

function returnIdOnly(ctx: IExecuteFunctions, i: number): boolean {
	const options = (ctx.getNodeParameter('writeOptions', i, {}) as IDataObject) ?? {};
	return options.returnIdOnly === true;
}

function hint(ctx: IExecuteFunctions, message: string): void {
	if (typeof ctx.addExecutionHints === 'function')
		ctx.addExecutionHints({ message, location: 'outputPane' });
}
