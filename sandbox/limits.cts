/**
 * Rolling-hour request threshold with added latency and 429, and the thread limit of
 * N concurrent requests per tracking identifier and entity endpoint.
 */
import { ApiError } from './errors.cjs';

export interface LimitOptions {
	hourlyLimit: number;
	threadLimit: number;
	/** Added delay once usage passes 50% and 75% of the hourly allowance */
	thresholdDelaysMs: [number, number];
	windowMs: number;
}

export const THREAD_MESSAGE = (n: number) =>
	`Itgenatr005 Thread Threshold Exceeded — The Autotask API thread threshold of ${n} threads has been exceeded.`;

export class Limits {
	private stamps: number[] = [];
	private head = 0;
	private threads = new Map<string, number>();

	constructor(public opts: LimitOptions) {}

	/** Requests counted in the current rolling window. */
	used(now = Date.now()): number {
		const from = now - this.opts.windowMs;
		while (this.head < this.stamps.length && this.stamps[this.head] <= from) this.head++;
		if (this.head > 4096) {
			this.stamps = this.stamps.slice(this.head);
			this.head = 0;
		}
		return this.stamps.length - this.head;
	}

	/** Counts one request; returns the added latency or throws the 429. */
	admit(now = Date.now()): number {
		const used = this.used(now);
		const limit = this.opts.hourlyLimit;
		if (used >= limit) {
			const oldest = this.stamps[this.head] ?? now;
			const retry = Math.max(1, Math.ceil((oldest + this.opts.windowMs - now) / 1000));
			throw new ApiError(
				429,
				[
					`Request threshold of ${limit} requests per ${Math.round(this.opts.windowMs / 60000)} minutes exceeded. Try again later.`,
				],
				undefined,
				{ 'Retry-After': String(retry) },
			);
		}
		this.stamps.push(now);
		const ratio = (used + 1) / limit;
		if (ratio > 0.75) return this.opts.thresholdDelaysMs[1];
		if (ratio > 0.5) return this.opts.thresholdDelaysMs[0];
		return 0;
	}

	/** Takes a thread slot for (tracking identifier, entity); returns the release function. */
	acquireThread(code: string, entity: string): () => void {
		const key = `${code}\u0000${entity.toLowerCase()}`;
		const n = this.threads.get(key) ?? 0;
		if (n >= this.opts.threadLimit)
			throw new ApiError(500, [THREAD_MESSAGE(this.opts.threadLimit)]);
		this.threads.set(key, n + 1);
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = (this.threads.get(key) ?? 1) - 1;
			if (left <= 0) this.threads.delete(key);
			else this.threads.set(key, left);
		};
	}

	reset(): void {
		this.stamps = [];
		this.head = 0;
	}
}
