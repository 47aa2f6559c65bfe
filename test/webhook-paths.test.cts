/**
 * The triggers build Autotask URLs from the catalog: each webhook entity's config entity and children are
 * catalog entries, and entityOperationPath gives the path of an operation the catalog lists.
 */
import { findEntity, entityOperationPath } from '../nodes/Autotask/catalog';
import { WEBHOOK_ENTITIES, webhookEntity } from '../nodes/AutotaskTrigger/webhook-entities';

describe('webhook URLs from the catalog', () => {
	it('gives the paths of the ticket webhook and its children', () => {
		const ticket = webhookEntity('ticket')!;
		expect(entityOperationPath(ticket.webhooks, 'root', 'create')).toBe('/V1.0/TicketWebhooks');
		expect(entityOperationPath(ticket.webhooks, 'root', 'get', { id: 42 })).toBe(
			'/V1.0/TicketWebhooks/42',
		);
		expect(entityOperationPath(ticket.webhooks, 'root', 'query')).toBe(
			'/V1.0/TicketWebhooks/query',
		);
		expect(entityOperationPath(ticket.fields, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/Fields',
		);
		expect(entityOperationPath(ticket.udfFields!, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/UdfFields',
		);
		expect(entityOperationPath(ticket.excludedResources, 'child', 'create', { parentId: 42 })).toBe(
			'/V1.0/TicketWebhooks/42/ExcludedResources',
		);
		expect(entityOperationPath(ticket.fields, 'root', 'fields')).toBe(
			'/V1.0/TicketWebhookFields/entityInformation/fields',
		);
		expect(entityOperationPath(ticket.record, 'root', 'get', { id: 7 })).toBe('/V1.0/Tickets/7');
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
		expect(() =>
			entityOperationPath(findEntity('WebhookEventErrorLogs')!, 'root', 'create'),
		).toThrow('WebhookEventErrorLogs has no root operation create');
	});
});
