/**
 * Runs one task per input item, up to `concurrency` at a time, and keeps the results in input order.
 * A failure stops new items from starting when `stopOnError` is set; items already sent are awaited,
 * so no write is left half-reported, and the failures come back in input order.
 */
export interface ItemOutcome<T> {
	value?: T;
	error?: unknown;
	/** The item was not started because an earlier item failed */
	skipped?: boolean;
}

export async function runItems<T>(
	count: number,
	concurrency: number,
	stopOnError: boolean,
	task: (i: number) => Promise<T>,
): Promise<Array<ItemOutcome<T>>> {
	const outcomes: Array<ItemOutcome<T>> = Array.from({ length: count }, () => ({ skipped: true }));
	let next = 0;
	let stopped = false;
	const worker = async (last = count) => {
		while (!stopped && next < last) {
			const i = next++;
			try {
				outcomes[i] = { value: await task(i) };
			} catch (error) {
				outcomes[i] = { error };
				if (stopOnError) stopped = true;
			}
		}
	};
	// The first item runs alone: a credential whose zone is not known yet resolves it once, not once per
	// request in flight.
	if (concurrency > 1) await worker(1);
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, () => worker()),
	);
	return outcomes;
}
