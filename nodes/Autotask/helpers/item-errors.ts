import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { mayHaveBeenApplied } from '../transport/errors';

/** "Item 3 was …" / "Items 3, 4 were …", with "it" or "them" filled in; nothing for no items. */
function sentAlongside(items: number[], outcome: (them: string) => string): string {
	if (!items.length) return '';
	const who = items.length === 1 ? `Item ${items[0]} was` : `Items ${items.join(', ')} were`;
	return ` ${who} sent at the same time and ${outcome(items.length === 1 ? 'it' : 'them')}.`;
}

/** What the error of item i says about the other items: which were written, which may have been. */
function otherItemsNote(
	i: number,
	outcomes: Array<{ error?: unknown; skipped?: boolean }>,
	writes: boolean,
): string {
	const earlier = writes
		? outcomes.slice(0, i).flatMap((o, n) => (o.error === undefined && !o.skipped ? [n] : []))
		: [];
	const later = outcomes.map((o, n) => ({ ...o, n })).filter((o) => o.n > i && !o.skipped);
	const written = later.filter((o) => o.error === undefined).map((o) => o.n);
	const unknown = later
		.filter((o) => o.error !== undefined && mayHaveBeenApplied(o.error))
		.map((o) => o.n);
	const before = earlier.length
		? ` ${earlier.length === 1 ? `Item ${earlier[0]}` : `Items ${earlier.join(', ')}`} before it ${earlier.length === 1 ? 'was' : 'were'} written: do not send ${earlier.length === 1 ? 'it' : 'them'} again.`
		: '';
	return (
		before +
		sentAlongside(written, (them) => `succeeded: do not send ${them} again`) +
		sentAlongside(
			unknown,
			(them) => `may have been applied: check in Autotask before re-running ${them}`,
		)
	);
}

/**
 * The item's error as n8n shows it, saying which later items sent at the same time were written, and
 * which may have been written (their answer was lost): re-running those blindly could make duplicates.
 */
export function itemError(
	ctx: IExecuteFunctions,
	error: unknown,
	i: number,
	outcomes: Array<{ error?: unknown; skipped?: boolean }>,
	writes: boolean,
): Error {
	const note = otherItemsNote(i, outcomes, writes);
	// n8n's guideline: the message names the item, as [item N].
	const tag = (e: Error) => {
		if (!/\[item \d+\]$/.test(e.message)) e.message = `${e.message} [item ${i}]`;
		return e;
	};
	if (error instanceof NodeApiError) {
		error.context.itemIndex = i;
		const wrapped = new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
		if (note) wrapped.description = `${wrapped.description ?? ''}${note}`.trim();
		return tag(wrapped);
	}
	if (error instanceof NodeOperationError) {
		if (note) error.description = `${error.description ?? ''}${note}`.trim();
		error.context.itemIndex = i;
		return tag(error);
	}
	return tag(
		new NodeOperationError(ctx.getNode(), error as Error, {
			itemIndex: i,
			description: note || undefined,
		}),
	);
}
