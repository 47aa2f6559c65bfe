import { REQUEST_BODIES, type CatalogEntry } from '../../../catalog';

/**
 * Autotask's endpoints outside the entity collections (invoice settings, invoice PDF and markup) and the
 * child entities that are really actions (time-off approve/reject, stock moves), as named operations on
 * the resource they belong to.
 */
export interface SpecialOperation {
	value: string;
	name: string;
	description: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/**
	 * The catalog operations it stands for: a special endpoint ("special:invoicePdf") or a child entity
	 * that is really an action ("TimeOffRequestsApprove:child:action"). The first gives its URL.
	 */
	covers: string[];
	second?: { displayName: string; description: string };
	body?: { example: string };
	binary?: boolean;
}

const recipients = (kind: 'contact' | 'resource'): SpecialOperation[] => {
	const Kind = kind === 'contact' ? 'Contact' : 'Resource';
	return [
		{
			value: `addInvoice${Kind}Recipients`,
			name: `Add Invoice ${Kind} Recipients`,
			description: `Add ${kind}s who receive this company's invoices`,
			method: 'POST',
			covers: [`special:companyInvoice${Kind}RecipientsAdd`],
			body: { example: '{"items":[12345]}' },
		},
		{
			value: `removeInvoice${Kind}Recipient`,
			name: `Remove Invoice ${Kind} Recipient`,
			description: `Stop sending this company's invoices to a ${kind}`,
			method: 'DELETE',
			covers: [`special:companyInvoice${Kind}RecipientRemove`],
			second: { displayName: `${Kind} ID`, description: `ID of the ${kind} to remove` },
		},
	];
};

/** Bodies of the stock moves, in the swagger's InventoryStockedItem{Add,Remove,Transfer}Model terms. */
const STOCK_EXAMPLES = {
	Add: '{"quantityBeingAdded":5,"unitCost":12.5,"reasonForUpdate":"Delivery 4711"}',
	Remove:
		'{"inventoryStockedItemID":123,"quantityBeingRemoved":1,"reasonForUpdate":"Used on ticket T20260101.0001"}',
	Transfer:
		'{"inventoryStockedItemID":123,"newInventoryLocationID":2,"quantityBeingTransferred":1}',
};

const stock = (action: 'Add' | 'Remove' | 'Transfer'): SpecialOperation => ({
	value: `stockedItems${action}`,
	name: `Stocked Items ${action}`,
	description: `${action} stocked items of this inventory product`,
	method: 'POST',
	covers: [`InventoryStockedItems${action}:child:create`],
	body: { example: STOCK_EXAMPLES[action] },
});

export const SPECIAL_OPERATIONS: Record<string, SpecialOperation[]> = {
	Companies: [
		{
			value: 'getInvoiceSettings',
			name: 'Get Invoice Settings',
			description: "The company's invoice settings and recipients",
			method: 'GET',
			covers: ['special:companyInvoiceSettingsGet'],
		},
		{
			value: 'updateInvoiceSettings',
			name: 'Update Invoice Settings',
			description: "Replace the company's invoice settings",
			method: 'PUT',
			covers: ['special:companyInvoiceSettingsUpdate'],
			body: { example: '{"invoiceEmailingEnabled":true,"otherEmails":"billing@example.com"}' },
		},
		...recipients('contact'),
		...recipients('resource'),
	],
	Invoices: [
		{
			value: 'getPdf',
			name: 'Get PDF',
			description: 'The invoice as a PDF file in a binary property',
			method: 'GET',
			covers: ['special:invoicePdf'],
			binary: true,
		},
		{
			value: 'getMarkupHtml',
			name: 'Get Markup HTML',
			description: 'The invoice as HTML',
			method: 'GET',
			covers: ['special:invoiceMarkupHtml'],
		},
		{
			value: 'getMarkupXml',
			name: 'Get Markup XML',
			description: 'The invoice as XML',
			method: 'GET',
			covers: ['special:invoiceMarkupXml'],
		},
	],
	InventoryProducts: [stock('Add'), stock('Remove'), stock('Transfer')],
	Resources: [
		{
			value: 'getTimeOffBalance',
			name: 'Get Time Off Balance',
			description: "The resource's time-off balances for one year",
			method: 'GET',
			covers: ['ResourceTimeOffBalances:child:getByYear'],
			second: { displayName: 'Year', description: 'The year, e.g. 2026' },
		},
	],
	TimeOffRequests: [
		{
			value: 'approveRequest',
			name: 'Approve',
			description: 'Approve the time-off request',
			method: 'GET',
			covers: ['TimeOffRequestsApprove:child:action'],
		},
		{
			value: 'rejectRequest',
			name: 'Reject',
			description: 'Reject the time-off request',
			method: 'POST',
			covers: ['TimeOffRequestsReject:child:create'],
			body: { example: '{"reason":"Busy week"}' },
		},
	],
};

export function specialsFor(entity: CatalogEntry): SpecialOperation[] {
	return SPECIAL_OPERATIONS[entity.name] ?? [];
}

export function findSpecial(entity: CatalogEntry, operation: string): SpecialOperation | undefined {
	return specialsFor(entity).find((s) => s.value === operation);
}

/** Every special operation, of all resources. */
export const ALL_SPECIALS = Object.values(SPECIAL_OPERATIONS).flat();

export const SPECIAL_ID_OPERATIONS = ALL_SPECIALS.map((s) => s.value);

/** The body keys of the operation's swagger request model, without its id (generated into the catalog). */
export function allowedKeys(special: SpecialOperation): string[] {
	return (REQUEST_BODIES[special.covers[0]] ?? []).filter((k) => k !== 'id');
}
