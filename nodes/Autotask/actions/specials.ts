import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rootBase, type CatalogEntry } from '../catalog';
import { REQUEST_BODIES } from '../catalog/entities.generated';
import { autotaskRequest } from '../transport';
import { numericParam } from './records';

/**
 * Special endpoints (FACTS.md §10) as named operations on the resource they belong to. `covers` names
 * the catalog operations each stands for: special endpoint keys, or the child entities that are
 * really actions (time-off approve/reject, stock moves).
 */
export interface SpecialOperation {
	value: string;
	name: string;
	description: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Appended to /V1.0/{entity path}; {id} is the record ID, {second} the second ID */
	suffix: string;
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
			suffix: `/{id}/invoiceSettings/${kind}Recipients`,
			covers: [`special:companyInvoice${Kind}RecipientsAdd`],
			body: { example: '{"items":[12345]}' },
		},
		{
			value: `removeInvoice${Kind}Recipient`,
			name: `Remove Invoice ${Kind} Recipient`,
			description: `Stop sending this company's invoices to a ${kind}`,
			method: 'DELETE',
			suffix: `/{id}/invoiceSettings/${kind}Recipients/{second}`,
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
	suffix: `/{id}/StockedItems${action}`,
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
			suffix: '/{id}/invoiceSettings',
			covers: ['special:companyInvoiceSettingsGet'],
		},
		{
			value: 'updateInvoiceSettings',
			name: 'Update Invoice Settings',
			description: "Replace the company's invoice settings",
			method: 'PUT',
			suffix: '/{id}/invoiceSettings',
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
			suffix: '/{id}/InvoicePdf',
			covers: ['special:invoicePdf'],
			binary: true,
		},
		{
			value: 'getMarkupHtml',
			name: 'Get Markup HTML',
			description: 'The invoice as HTML',
			method: 'GET',
			suffix: '/{id}/InvoiceMarkupHtml',
			covers: ['special:invoiceMarkupHtml'],
		},
		{
			value: 'getMarkupXml',
			name: 'Get Markup XML',
			description: 'The invoice as XML',
			method: 'GET',
			suffix: '/{id}/InvoiceMarkupXml',
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
			suffix: '/{id}/TimeOffBalances/{second}',
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
			suffix: '/{id}/Approve',
			covers: ['TimeOffRequestsApprove:child:action'],
		},
		{
			value: 'rejectRequest',
			name: 'Reject',
			description: 'Reject the time-off request',
			method: 'POST',
			suffix: '/{id}/Reject',
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

const all = Object.values(SPECIAL_OPERATIONS).flat();

/** The body keys of the operation's swagger request model, without its id (generated into the catalog). */
function allowedKeys(special: SpecialOperation): string[] {
	return (REQUEST_BODIES[special.covers[0]] ?? []).filter((k) => k !== 'id');
}

/**
 * Autotask ignores body keys its request model does not have and answers 200 without doing anything:
 * a body naming one is refused before it is sent, with the keys the operation takes.
 */
function checkBodyKeys(
	ctx: IExecuteFunctions,
	i: number,
	special: SpecialOperation,
	body: IDataObject,
): void {
	const model = REQUEST_BODIES[special.covers[0]];
	if (!model) return;
	const known = new Set(model.map((k) => k.toLowerCase()));
	const unknown = Object.keys(body).filter((k) => !known.has(k.toLowerCase()));
	if (!unknown.length) return;
	const what = unknown.length === 1 ? 'a field' : 'fields';
	throw new NodeOperationError(
		ctx.getNode(),
		`Body (JSON) has ${what} Autotask does not take here: ${unknown.join(', ')}`,
		{
			itemIndex: i,
			description: `Autotask ignores unknown fields and answers as if it worked, without doing anything. ${special.name} takes: ${allowedKeys(special).join(', ')}. e.g. ${special.body?.example ?? '{}'}`,
		},
	);
}

/** The parameters special operations add: the second ID and the JSON body. */
export const specialProperties: INodeProperties[] = [
	...all
		.filter((s) => s.second)
		.map(
			(s): INodeProperties => ({
				displayName: s.second!.displayName,
				name: 'secondId',
				type: 'string',
				required: true,
				default: '',
				description: s.second!.description,
				displayOptions: { show: { operation: [s.value] } },
			}),
		),
	// One Body field per operation, so each shows its own example and the fields Autotask takes.
	...all
		.filter((s) => s.body)
		.map(
			(s): INodeProperties => ({
				displayName: 'Body (JSON)',
				name: 'specialBody',
				type: 'json',
				default: '{}',
				description: `The request body, e.g. ${s.body!.example}. Autotask takes: ${allowedKeys(s).join(', ')}.`,
				displayOptions: { show: { operation: [s.value] } },
			}),
		),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryOutputPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary property the file is written to',
		displayOptions: { show: { operation: all.filter((s) => s.binary).map((s) => s.value) } },
	},
];

export const SPECIAL_ID_OPERATIONS = all.map((s) => s.value);

export async function executeSpecial(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	special: SpecialOperation,
): Promise<INodeExecutionData> {
	let path = rootBase(entity) + special.suffix.replace('{id}', numericParam(this, i, 'id', 'ID'));
	if (special.second)
		path = path.replace('{second}', numericParam(this, i, 'secondId', special.second.displayName));
	let body: IDataObject | undefined;
	if (special.body) {
		const raw = this.getNodeParameter('specialBody', i, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = JSON.parse(raw || '{}');
			} catch {
				parsed = undefined;
			}
		}
		if (!parsed || typeof parsed !== 'object') {
			throw new NodeOperationError(this.getNode(), 'Body (JSON) is not a JSON object', {
				itemIndex: i,
				description: `e.g. ${special.body.example}`,
			});
		}
		body = parsed as IDataObject;
		// n8n sends {} as no body at all, and Autotask answers 200 to an empty one while doing nothing.
		if (!Object.keys(body).length) {
			throw new NodeOperationError(this.getNode(), 'Body (JSON) is empty', {
				itemIndex: i,
				description: `Fill in what Autotask expects, e.g. ${special.body.example}. An empty body would reach Autotask as no body.`,
			});
		}
		checkBodyKeys(this, i, special, body);
	}
	// An approve is a GET that changes data: never repeated blindly.
	const answer = await autotaskRequest.call(this, {
		method: special.method,
		path,
		body,
		idempotent: special.method === 'GET' && special.value !== 'approveRequest',
	});
	if (!special.binary) return { json: answer, pairedItem: { item: i } };
	const file = ((answer.item as IDataObject | undefined) ?? answer) as IDataObject;
	if (typeof file.data !== 'string') {
		throw new NodeOperationError(
			this.getNode(),
			`Autotask returned no file for ${entity.label} ${path.split('/')[3]}`,
			{
				itemIndex: i,
			},
		);
	}
	const { data, ...json } = file;
	const property = String(this.getNodeParameter('binaryOutputPropertyName', i, 'data'));
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(String(data), 'base64'),
		String(file.fileName ?? `invoice-${String(file.id ?? '')}.pdf`),
		typeof file.contentType === 'string' ? file.contentType : 'application/pdf',
	);
	return { json, binary: { [property]: binary }, pairedItem: { item: i } };
}
