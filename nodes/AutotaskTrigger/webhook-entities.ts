import { findEntity, type CatalogEntry } from '../Autotask/catalog';

/**
 * The five Autotask entities that support webhooks (Companies, Contacts, Configuration Items, Tickets and
 * Ticket Notes) and the names Autotask uses for them. Each has a root webhook entity ({X}Webhooks) with
 * child Fields, ExcludedResources and, except Ticket Notes, UdfFields; all of them come from the catalog.
 */
export interface WebhookEntity {
	/** Parameter value */
	value: string;
	/** Name shown in n8n and written to the output's `entity` */
	label: string;
	/** API name of the root webhook config entity, e.g. TicketWebhooks */
	webhookEntity: string;
	/** API name of the REST entity a full record is read from, e.g. Tickets */
	restEntity: string;
	/** The root webhook config entity, e.g. TicketWebhooks */
	webhooks: CatalogEntry;
	/** Child of the webhook: its fields; its entityInformation/fields carries the fieldID picklist */
	fields: CatalogEntry;
	/** Child of the webhook: its UDF fields, with the udfFieldID picklist (none for Ticket Note) */
	udfFields?: CatalogEntry;
	/** Child of the webhook: resources whose changes never call out */
	excludedResources: CatalogEntry;
	/** The REST entity of the records, e.g. Tickets */
	record: CatalogEntry;
	/** Every EntityType spelling a callout may carry, lower case */
	aliases: string[];
}

function catalogEntry(name: string): CatalogEntry {
	const entry = findEntity(name);
	if (!entry) throw new Error(`The catalog has no entity ${name}`);
	return entry;
}

function entity(
	value: string,
	label: string,
	prefix: string,
	restEntity: string,
	udf: boolean,
	aliases: string[],
): WebhookEntity {
	const webhooks = catalogEntry(`${prefix}Webhooks`);
	const record = catalogEntry(restEntity);
	return {
		value,
		label,
		webhookEntity: webhooks.name,
		restEntity: record.name,
		webhooks,
		fields: catalogEntry(`${prefix}WebhookFields`),
		udfFields: udf ? catalogEntry(`${prefix}WebhookUdfFields`) : undefined,
		excludedResources: catalogEntry(`${prefix}WebhookExcludedResources`),
		record,
		aliases: [...aliases, prefix, restEntity, label.replace(/\s+/g, '')].map((a) =>
			a.toLowerCase(),
		),
	};
}

export const WEBHOOK_ENTITIES: WebhookEntity[] = [
	entity('company', 'Company', 'Company', 'Companies', true, ['Account', 'Accounts']),
	entity(
		'configurationItem',
		'Configuration Item',
		'ConfigurationItem',
		'ConfigurationItems',
		true,
		['InstalledProduct', 'InstalledProducts', 'Asset', 'Assets'],
	),
	entity('contact', 'Contact', 'Contact', 'Contacts', true, ['CompanyContact', 'CompanyContacts']),
	entity('ticket', 'Ticket', 'Ticket', 'Tickets', true, []),
	entity('ticketNote', 'Ticket Note', 'TicketNote', 'TicketNotes', false, []),
];

export function webhookEntity(value: string): WebhookEntity | undefined {
	return WEBHOOK_ENTITIES.find((e) => e.value === value);
}

/** Maps a callout's EntityType (legacy SOAP, singular or plural REST name) to one of the five entities. */
export function entityOfCallout(entityType: unknown): WebhookEntity | undefined {
	if (typeof entityType !== 'string') return undefined;
	const key = entityType.replace(/[\s_-]+/g, '').toLowerCase();
	return WEBHOOK_ENTITIES.find((e) => e.aliases.includes(key));
}
