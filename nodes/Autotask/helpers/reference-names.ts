import type { IDataObject } from 'n8n-workflow';

/**
 * How a referenced record is found by name, per Autotask model (a field's referenceEntityType):
 * the fields compared with the name, and for people an email field or first + last name. A model not
 * listed is looked up by its `name` field when it has one (billing codes, roles, ...), otherwise it
 * takes IDs only.
 */
export interface NameKey {
	/** Fields compared with the name (any of them may match) */
	fields: string[];
	/** People: a name with "@" is an email in this field; otherwise "First Last" */
	email?: string;
	/** What a name must look like (a ticket number), when not anything with a letter */
	pattern?: RegExp;
}

export const REFERENCE_NAMES: Record<string, NameKey> = {
	Company: { fields: ['companyName'] },
	Contact: { fields: [], email: 'emailAddress' },
	Resource: { fields: [], email: 'email' },
	Contract: { fields: ['contractName'] },
	Project: { fields: ['projectName'] },
	ConfigurationItem: { fields: ['referenceTitle', 'serialNumber'] },
	Ticket: { fields: ['ticketNumber'], pattern: /^T\d{8}\.\d{4,}$/ },
	BillingCode: { fields: ['name'] },
	Role: { fields: ['name'] },
};

/** The table's entry for a model, whatever the case Autotask spells referenceEntityType in. */
export function tableKey(model: string | undefined): NameKey | undefined {
	if (!model) return undefined;
	const found = Object.keys(REFERENCE_NAMES).find((m) => m.toLowerCase() === model.toLowerCase());
	return found ? REFERENCE_NAMES[found] : undefined;
}

/** The fallback for a model not in the table whose metadata has a `name` field. */
export const BY_NAME_FIELD: NameKey = { fields: ['name'] };

/** Autotask allows at most 500 values in a list and 500 OR conditions per query. */
export const PER_QUERY = 500;

/** A value that is an ID (never looked up). */
export function isId(value: unknown): boolean {
	return typeof value === 'number' || /^\s*\d+\s*$/.test(String(value));
}

/**
 * A value that is a name to look up: text with a letter in it ("12.5" and "-5" are bad numbers, not
 * names), shaped like the model's names where the table says (ticket numbers).
 */
export function isName(value: unknown, model?: string): value is string {
	if (typeof value !== 'string' || isId(value) || !/\p{L}/u.test(value)) return false;
	const pattern = tableKey(model)?.pattern;
	return !pattern || pattern.test(value.trim());
}

/** Whether records of `model` can be found by name without reading its metadata (the table). */
export function hasNameKey(model: string | undefined): model is string {
	return !!tableKey(model);
}

export const norm = (value: unknown) =>
	String(value ?? '')
		.trim()
		.replace(/\s+/g, ' ')
		.toLowerCase();

/** "Jane van Dyke" → [Jane | van Dyke], [Jane van | Dyke]: every first/last name split. */
function splits(name: string): Array<[string, string]> {
	const words = name.trim().split(/\s+/);
	const out: Array<[string, string]> = [];
	for (let k = 1; k < words.length; k++)
		out.push([words.slice(0, k).join(' '), words.slice(k).join(' ')]);
	return out;
}

/** The filter conditions that find one name, counted as OR conditions. */
function conditionsFor(key: NameKey, name: string): IDataObject[] {
	if (key.email !== undefined) {
		if (name.includes('@')) return [{ op: 'eq', field: key.email, value: name }];
		return splits(name).map(([first, last]) => ({
			op: 'and',
			items: [
				{ op: 'eq', field: 'firstName', value: first },
				{ op: 'eq', field: 'lastName', value: last },
			],
		}));
	}
	return key.fields.map((field) => ({ op: 'eq', field, value: name }));
}

/**
 * The queries that find all the names: `in` lists of at most 500 names per key field, or for people
 * an `or` of at most 500 conditions (emails in one `in`, each full name as first + last name).
 */
export function nameQueries(key: NameKey, names: string[]): IDataObject[][] {
	const queries: IDataObject[][] = [];
	if (key.email === undefined) {
		for (let k = 0; k < names.length; k += PER_QUERY) {
			const chunk = names.slice(k, k + PER_QUERY);
			const items = key.fields.map((field) => ({ op: 'in', field, value: chunk }));
			queries.push(items.length === 1 ? items : [{ op: 'or', items }]);
		}
		return queries;
	}
	// People: the emails as `in` lists, each full name as its first + last name splits, in one `or`.
	const emails = names.filter((n) => n.includes('@'));
	const units: IDataObject[][] = [];
	for (let k = 0; k < emails.length; k += PER_QUERY)
		units.push([{ op: 'in', field: key.email, value: emails.slice(k, k + PER_QUERY) }]);
	for (const name of names.filter((n) => !n.includes('@'))) units.push(conditionsFor(key, name));
	let items: IDataObject[] = [];
	const flush = () => {
		if (items.length) queries.push(items.length === 1 ? items : [{ op: 'or', items }]);
		items = [];
	};
	for (const unit of units) {
		if (items.length + unit.length > PER_QUERY) flush();
		items.push(...unit);
	}
	flush();
	return queries;
}

/** A filter for records whose name contains the one given, to suggest when a name matches none. */
export function similarFilter(key: NameKey, name: string): IDataObject[] {
	const text = name.trim();
	const items: IDataObject[] =
		key.email === undefined
			? key.fields.map((field) => ({ op: 'contains', field, value: text }))
			: text.includes('@')
				? [{ op: 'contains', field: key.email, value: text.split('@')[0] }]
				: [{ op: 'contains', field: 'lastName', value: text.split(/\s+/).pop() }];
	return items.length === 1 ? items : [{ op: 'or', items }];
}

/** The fields a lookup reads back: the ID and what the name is compared with. */
export function includeFields(key: NameKey): string[] {
	return key.email !== undefined
		? ['id', 'firstName', 'lastName', key.email]
		: ['id', ...key.fields];
}

/** Whether a record found is the one named (case-insensitive, spaces collapsed). */
export function matches(key: NameKey, record: IDataObject, name: string): boolean {
	const want = norm(name);
	if (key.email !== undefined) {
		if (want.includes('@')) return norm(record[key.email]) === want;
		return norm(`${String(record.firstName ?? '')} ${String(record.lastName ?? '')}`) === want;
	}
	return key.fields.some((f) => norm(record[f]) === want);
}

/** How a candidate is listed in an error: "Fabrikam Legal LLP (ID 5)". */
export function candidateLabel(key: NameKey, record: IDataObject): string {
	const parts =
		key.email !== undefined
			? [
					record.firstName,
					record.lastName,
					record[key.email] ? `<${String(record[key.email])}>` : '',
				]
			: key.fields.map((f) => record[f]);
	const text = parts.filter((p) => p !== null && p !== undefined && p !== '').join(' ');
	return `${text || '(no name)'} (ID ${String(record.id)})`;
}

/** What a name is compared with, for messages: "companyName", "email or first + last name". */
export function keyDescription(key: NameKey): string {
	if (key.email !== undefined) return `${key.email} or first + last name`;
	return key.fields.join(' or ');
}
