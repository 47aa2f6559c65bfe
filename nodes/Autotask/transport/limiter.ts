import { NodeApiError, type INode } from 'n8n-workflow';

import { retryWhen } from './errors';

/**
 * Autotask allows 3 concurrent requests per API tracking identifier and entity: this keeps
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

/**
 * Autotask's hourly request limit, as one execution has met it. Once a 429 is seen,
 * the execution acts on it once for all its requests: one request leads the wait (the others wait for
 * its answer instead of waiting and asking on their own), and once the node stops for the limit, the
 * requests still to come are not sent at all.
 */
export interface HourlyLimitGate {
	/** Set when the node stopped for the hourly limit: the Retry-After it had, and why it stopped */
	stopped?: { headers?: Record<string, unknown>; note?: string };
	/** Set while one request waits for the limit; resolves when that request has its answer */
	closed?: Promise<void>;
	/** Milliseconds this execution has waited for the limit, in all */
	waitedMs: number;
	open?: () => void;
}

const gates = new WeakMap<object, HourlyLimitGate>();

/** The hourly-limit state of one execution (one node context). */
export function hourlyGate(owner: object): HourlyLimitGate {
	let gate = gates.get(owner);
	if (!gate) {
		gate = { waitedMs: 0 };
		gates.set(owner, gate);
	}
	return gate;
}

/** Holds back the execution's other requests until openGate; no-op when already closed. */
export function closeGate(gate: HourlyLimitGate): void {
	if (gate.closed) return;
	gate.closed = new Promise<void>((resolve) => {
		gate.open = resolve;
	});
}

/** Lets the held-back requests go: they send, or see that the node stopped. */
export function openGate(gate: HourlyLimitGate): void {
	const open = gate.open;
	gate.closed = undefined;
	gate.open = undefined;
	open?.();
}

/** Waits while another request of the execution waits for the hourly limit. */
export async function passGate(gate: HourlyLimitGate): Promise<void> {
	while (gate.closed) await gate.closed;
}

/** The error of a request not sent because the node already stopped for the hourly limit. */
export function notSentForLimit(node: INode, gate: HourlyLimitGate): NodeApiError {
	const message =
		'Not sent: Autotask’s hourly API request limit for this database was used up earlier in this execution (429)';
	const note = gate.stopped?.note ? ` ${gate.stopped.note}` : '';
	const description = `Autotask did nothing for this item, so running it again is safe. Try again ${retryWhen(gate.stopped?.headers as never)}.${note}`;
	return new NodeApiError(
		node,
		{ message, description, httpCode: '429' },
		{ message, description, httpCode: '429' },
	);
}
