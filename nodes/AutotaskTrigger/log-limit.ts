import type { IWebhookFunctions, Logger } from 'n8n-workflow';

import { memory, type TriggerState } from './trigger-state';

/**
 * Log lines caused by unverified requests (unsigned deactivation calls, forged callouts) are rate-limited
 * per webhook: anyone who knows the URLs can send them as fast as they like. Windows are counted with
 * Date.now() timestamps; no timer is involved.
 */
const unverifiedLogSettings = { windowMs: 60_000, maxLines: 5 };

const windows = memory.logWindows;
const MAX_KEYS = 10_000;

export type Level = 'info' | 'warn';

/** Logs the line unless this key already logged maxLines in the current window. */
export function logUnverified(
	logger: Logger,
	level: Level,
	key: string,
	message: string,
	now = Date.now(),
): void {
	let w = windows.get(key);
	if (!w || now - w.start >= unverifiedLogSettings.windowMs || now < w.start) {
		const dropped = w?.suppressed ?? 0;
		windows.delete(key);
		if (windows.size >= MAX_KEYS) windows.delete(windows.keys().next().value as string);
		w = { start: now, lines: 0, suppressed: 0 };
		windows.set(key, w);
		if (dropped)
			message += ` (${dropped} more such line${dropped === 1 ? ' was' : 's were'} not logged in the minute before)`;
	}
	if (w.lines < unverifiedLogSettings.maxLines) {
		w.lines++;
		logger[level](message);
		return;
	}
	if (w.suppressed++ === 0) {
		logger.warn(
			`Autotask Trigger: many unverified calls to this trigger's URLs; further such lines are not logged until ${new Date(w.start + unverifiedLogSettings.windowMs).toISOString()}`,
		);
	}
}

/**
 * Log lines of unverified calls are limited per webhook (or per node while it has none) and kind, so a
 * flood of forged callouts does not silence the deactivation lines, nor the other way round.
 */
export function unverifiedLogKey(
	ctx: IWebhookFunctions,
	state: TriggerState,
	kind: 'deactivation' | 'callout',
): string {
	if (state.webhookId !== undefined)
		return `${String(state.webhookEntity ?? '')}:${String(state.webhookId)}|${kind}`;
	return `${String(ctx.getWorkflow().id ?? '')}|${ctx.getNode().id}|${kind}`;
}
