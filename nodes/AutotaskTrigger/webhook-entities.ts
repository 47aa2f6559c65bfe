/** The five Autotask entities that support webhooks (FACTS §11.1) and the names Autotask uses for them. */
export interface WebhookEntity {
	/** Parameter value */
	value: string;
	/** Name shown in n8n and written to the output's `entity` */
	label: string;
	/** Root webhook config entity, e.g. TicketWebhooks */
	webhookEntity: string;
	/** Entity whose entityInformation/fields carries the fieldID picklist */
	fieldsEntity: string;
	/** Entity whose entityInformation/fields carries the udfFieldID picklist (none for Ticket Note) */
	udfFieldsEntity?: string;
	/** REST entity to read a full record from: GET /V1.0/{restEntity}/{id} */
	restEntity: string;
	/** Every EntityType spelling a callout may carry, lower case */
	aliases: string[];
}

function entity(
	value: string,
	label: string,
	prefix: string,
	restEntity: string,
	udf: boolean,
	aliases: string[],
): WebhookEntity {
	return {
		value,
		label,
		webhookEntity: `${prefix}Webhooks`,
		fieldsEntity: `${prefix}WebhookFields`,
		udfFieldsEntity: udf ? `${prefix}WebhookUdfFields` : undefined,
		restEntity,
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
