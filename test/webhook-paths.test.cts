/**
 * The triggers build Autotask URLs from the catalog: each webhook entity's config entity and children are
 * catalog entries, and operationPath gives the path of an operation the catalog lists.
 */
import { findEntity, operationPath } from '../nodes/Autotask/catalog';
import { WEBHOOK_ENTITIES, webhookEntity } from '../nodes/AutotaskTrigger/webhook-entities';

describe('webhook URLs from the catalog', () => {
	it('gives the paths of the ticket webhook and its children', () => {
		const ticket = webhookEntity('ticket')!;
		expect(operationPath(ticket.webhooks, 'root', 'create')).toBe('/V1.0/TicketWebhooks');
		expect(operationPath(ticket.webhooks, 'root', 'get', { id: 42 })).toBe(
			'/V1.0/TicketWebhooks/42',
		);
		expect(operationPath(ticket.webhooks, 'root', 'query')).toBe('/V1.0/TicketWebhooks/query');
		expect(operationPath(ticket.fields, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/Fields',
		);
		expect(operationPath(ticket.udfFields!, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/UdfFields',
		);
		expect(operationPath(ticket.excludedResources, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/ExcludedResources',
		);
		expect(operationPath(ticket.fields, 'root', 'fields')).toBe(
			'/V1.0/TicketWebhookFields/entityInformation/fields',
		);
		expect(operationPath(ticket.record, 'root', 'get', { id: 7 })).toBe('/V1.0/Tickets/7');
	});

	it('knows the five webhook entities; only Ticket Note has no UDF fields', () => {
		expect(WEBHOOK_ENTITIES.map((e) => [e.webhookEntity, e.restEntity, !!e.udfFields])).toEqual([
			['CompanyWebhooks', 'Companies', true],
			['ConfigurationItemWebhooks', 'ConfigurationItems', true],
			['ContactWebhooks', 'Contacts', true],
			['TicketWebhooks', 'Tickets', true],
			['TicketNoteWebhooks', 'TicketNotes', false],
		]);
	});

	it('refuses an operation the catalog does not list', () => {
		expect(() => operationPath(findEntity('WebhookEventErrorLogs')!, 'root', 'create')).toThrow(
			'WebhookEventErrorLogs has no root operation create',
		);
	});
});
