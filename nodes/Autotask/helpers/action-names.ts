import type { CatalogEntry } from '../catalog';
import type { Verb } from './routes';

/** Words kept in capitals when a label is written in running text. */
const ACRONYMS = new Set(['udf', 'dns', 'ssl', 'rma', 'api', 'ci', 'sla']);

/** Labels that already read as plurals or as mass nouns. */
const PLURAL_AS_IS = /(defaults|additional)$/i;

/** "Configuration Item Dns Record" → "configuration item DNS record", as it reads inside a sentence. */
function lowerLabel(label: string): string {
	return label
		.replace(/([a-z])(\d)/g, '$1 $2')
		.split(' ')
		.map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()))
		.join(' ');
}

/** One record of the entity, inside a sentence: "survey result", "ticket history entry". */
export function singularLabel(label: string): string {
	const text = lowerLabel(label);
	if (/ results$/.test(text)) return text.replace(/s$/, '');
	if (/history$/.test(text)) return `${text} entry`;
	if (/ \d+$/.test(text)) return `${text} record`;
	return text;
}

/** English plural of a lower-cased label: "time entry" → "time entries", "tax" → "taxes". */
export function pluralLabel(label: string): string {
	const words = singularLabel(label).split(' ');
	const last = words.pop()!;
	let plural: string;
	if (PLURAL_AS_IS.test(last) || /^[A-Z0-9]+$/.test(last)) plural = last;
	else if (/[^aeiou]y$/.test(last)) plural = `${last.slice(0, -1)}ies`;
	else if (/(s|x|z|ch|sh)$/.test(last)) plural = `${last}es`;
	else plural = `${last}s`;
	return [...words, plural].join(' ');
}

/** "a ticket", "an invoice", "a user defined field definition"; none before a plural ("ticket category field defaults"). */
function withArticle(text: string): string {
	if (PLURAL_AS_IS.test(text) && /s$/.test(text)) return text;
	const an = /^[aeio]/i.test(text) || (/^u/i.test(text) && !/^u(s|n[ai])/i.test(text));
	return `${an ? 'an' : 'a'} ${text}`;
}

/**
 * What the nodes panel and an AI agent read for one action, in the way n8n's own nodes say it:
 * "Create a ticket", "Get many time entries", "Upload a ticket attachment".
 */
export function actionName(entity: CatalogEntry, verb: Verb): string {
	const one = singularLabel(entity.label);
	const many = pluralLabel(entity.label);
	switch (verb) {
		case 'get':
			return `Get ${withArticle(one)}`;
		case 'getMany':
			return `Get many ${many}`;
		case 'count':
			return `Count ${many}`;
		case 'approve':
			// The approval entity's action approves its parent (a time off request).
			return `Approve ${withArticle(lowerLabel(entity.label.replace(/ Approval$/, '')))}`;
		case 'createOrUpdate':
			return `Create or update ${withArticle(one)}`;
		case 'findOrCreate':
			return `Find or create ${withArticle(one)}`;
		case 'getEntityInfo':
			return `Get ${one} entity info`;
		case 'getFieldInfo':
			return `Get ${one} field info`;
		case 'getPicklistValues':
			return `Get ${one} picklist values`;
		default:
			return `${verb[0].toUpperCase()}${verb.slice(1)} ${withArticle(one)}`;
	}
}

/** Special operations' panel texts, by operation value; {one} is the resource in running text. */
const SPECIAL_ACTIONS: Record<string, string> = {
	addInvoiceContactRecipients: 'Add invoice contact recipients to a company',
	addInvoiceResourceRecipients: 'Add invoice resource recipients to a company',
	removeInvoiceContactRecipient: 'Remove an invoice contact recipient from a company',
	removeInvoiceResourceRecipient: 'Remove an invoice resource recipient from a company',
	getInvoiceSettings: "Get a company's invoice settings",
	updateInvoiceSettings: "Update a company's invoice settings",
	stockedItemsAdd: 'Add stocked items to an inventory product',
	stockedItemsRemove: 'Remove stocked items from an inventory product',
	stockedItemsTransfer: 'Transfer stocked items of an inventory product',
	getPdf: 'Get an invoice as PDF',
	getMarkupHtml: 'Get an invoice as HTML markup',
	getMarkupXml: 'Get an invoice as XML markup',
	getTimeOffBalance: "Get a resource's time off balance for a year",
	approveRequest: 'Approve a time off request',
	rejectRequest: 'Reject a time off request',
};

/** A special operation's panel text: its own sentence, or its name followed by the resource. */
export function specialActionName(entity: CatalogEntry, value: string, name: string): string {
	return SPECIAL_ACTIONS[value] ?? `${name} (${singularLabel(entity.label)})`;
}
