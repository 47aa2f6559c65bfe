/**
 * Autotask allows 3 concurrent requests per API tracking identifier and entity (FACTS.md §8): this keeps
 * every caller in this n8n process within that, whatever the number of items or parallel executions.
 */
interface Slot {
	active: number;
	waiting: Array<() => void>;
}

const slots = new Map<string, Slot>();

export const MAX_IN_FLIGHT = 3;

export async function acquireSlot(key: string, max = MAX_IN_FLIGHT): Promise<() => void> {
	let slot = slots.get(key);
	if (!slot) {
		slot = { active: 0, waiting: [] };
		slots.set(key, slot);
	}
	const s = slot;
	if (s.active >= max) {
		await new Promise<void>((resolve) => s.waiting.push(resolve));
	} else {
		s.active++;
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const next = s.waiting.shift();
		if (next) {
			next(); // the slot passes straight to the next waiter
		} else {
			s.active--;
			if (s.active === 0) slots.delete(key);
		}
	};
}

/** How many requests are in flight for a key (for tests and diagnostics). */
export function inFlight(key: string): number {
	return slots.get(key)?.active ?? 0;
}
