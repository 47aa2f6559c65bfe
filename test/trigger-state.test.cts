/**
 * The Autotask Trigger's process memory: one module holds every map, and one reset empties them, as a
 * restart of n8n does.
 */
import { logUnverified } from '../nodes/AutotaskTrigger/log-limit';
import { memory, resetTriggerState } from '../nodes/AutotaskTrigger/trigger-state';
import { rememberSecret } from '../nodes/AutotaskTrigger/webhook-secret';

const quiet = { info: () => {}, warn: () => {} } as unknown as Parameters<typeof logUnverified>[0];

describe('trigger state', () => {
	it('resetTriggerState empties every map of the process memory', () => {
		rememberSecret('nonce', 'secret');
		logUnverified(quiet, 'warn', 'key', 'line');
		memory.claims.set('claim', Date.now() + 60_000);
		memory.deletedWebhooks.set('TicketWebhooks:1', Date.now() + 60_000);
		memory.deactivationChecks.set('TicketWebhooks:1', Date.now());
		expect(Object.values(memory).some((m: Map<string, unknown>) => m.size > 0)).toBe(true);

		resetTriggerState();

		for (const [name, map] of Object.entries(memory)) expect([name, map.size]).toEqual([name, 0]);
	});
});
