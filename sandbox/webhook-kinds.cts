/** The five webhook families (Companies, Contacts, Configuration Items, Tickets, Ticket Notes) and how they map to source models. */
export interface WebhookKind {
	/** Source entity model, e.g. 'Ticket' */
	source: string;
	/** Catalog entities whose changes fire this kind (Contacts and CompanyContacts share one) */
	sourceEntities: string[];
	/** EntityType in the callout. Legacy SOAP names as another n8n node maps them (unconfirmed) */
	entityType: string;
	webhookModel: string;
	fieldModel: string;
	udfFieldModel?: string;
	excludedModel: string;
	/** Column of WebhookEventErrorLogs that links the log row, where the swagger has one */
	errorLogColumn?: string;
}

function kind(
	source: string,
	sourceEntities: string[],
	entityType: string,
	udf: boolean,
	errorLogColumn?: string,
): WebhookKind {
	return {
		source,
		sourceEntities,
		entityType,
		webhookModel: `${source}Webhook`,
		fieldModel: `${source}WebhookField`,
		udfFieldModel: udf ? `${source}WebhookUdfField` : undefined,
		excludedModel: `${source}WebhookExcludedResource`,
		errorLogColumn,
	};
}

export const WEBHOOK_KINDS: WebhookKind[] = [
	kind('Company', ['Companies'], 'Account', true, 'accountWebhookID'),
	kind('Contact', ['Contacts', 'CompanyContacts'], 'Contact', true, 'contactWebhookID'),
	kind('ConfigurationItem', ['ConfigurationItems'], 'InstalledProduct', true),
	kind('Ticket', ['Tickets'], 'Ticket', true),
	kind('TicketNote', ['TicketNotes'], 'TicketNote', false),
];
