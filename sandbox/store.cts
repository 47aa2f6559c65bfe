/**
 * The one in-memory data store. Tables are keyed by model name, so two catalog entities that
 * share a model (Contacts and CompanyContacts) see the same rows.
 * Ids only grow, so Map insertion order is id-ascending order (the API's sort order) without sorting.
 */
import { modelInfo } from './models.cjs';

export type Row = Record<string, unknown> & { id: number };

export interface ChangeEvent {
	model: string;
	action: 'Create' | 'Update' | 'Delete';
	id: number;
	before: Row | null;
	after: Row | null;
	/** Resource that made the change (API user, impersonated resource, or admin PersonID) */
	personId: number | null;
}

export interface InvoiceSettings {
	taxExempt: boolean;
	taxRegionId: number | null;
	taxId: string | null;
	invoiceEmailingEnabled: boolean;
	contactRecipients: number[];
	resourceRecipients: number[];
	otherEmails: string | null;
}

export type ChangeListener = (e: ChangeEvent) => void;

export class Store {
	private tables = new Map<string, Map<number, Row>>();
	private nextIds = new Map<string, number>();
	private listeners: ChangeListener[] = [];
	/** Resources whose security level does not allow impersonation */
	readonly noImpersonation = new Set<number>();
	/** Resource the API user maps to; writes are attributed to it */
	apiResourceId: number | null = null;
	/** Per-owner webhook cap; the real limit is set on the security level */
	maxWebhooksPerResource = 50;
	/** Picklist-like lists the seed defines, e.g. UDF definitions per model */
	readonly udfDefinitions = new Map<
		string,
		Array<{
			id: number;
			name: string;
			type: string;
			label?: string;
			picklist?: Array<[string, string]>;
		}>
	>();

	private invoice = new Map<number, InvoiceSettings>();

	/** Per-company invoice settings behind /Companies/{id}/invoiceSettings. */
	invoiceSettings(companyId: number): InvoiceSettings {
		let s = this.invoice.get(companyId);
		if (!s) {
			s = {
				taxExempt: false,
				taxRegionId: null,
				taxId: null,
				invoiceEmailingEnabled: false,
				contactRecipients: [],
				resourceRecipients: [],
				otherEmails: null,
			};
			this.invoice.set(companyId, s);
		}
		return s;
	}

	table(model: string): Map<number, Row> {
		let t = this.tables.get(model);
		if (!t) {
			t = new Map();
			this.tables.set(model, t);
		}
		return t;
	}

	onChange(l: ChangeListener): void {
		this.listeners.push(l);
	}

	get(model: string, id: number): Row | undefined {
		return this.tables.get(model)?.get(id);
	}

	all(model: string): IterableIterator<Row> {
		return this.table(model).values();
	}

	count(model: string): number {
		return this.tables.get(model)?.size ?? 0;
	}

	/** Sets the first id handed out for a model (realistic large ids for some tables). */
	startIdsAt(model: string, first: number): void {
		if ((this.nextIds.get(model) ?? 0) < first) this.nextIds.set(model, first);
	}

	private allocId(model: string): number {
		const n = this.nextIds.get(model) ?? 1;
		this.nextIds.set(model, n + 1);
		return n;
	}

	/** Inserts a row; `id` may be forced (seeds) but must be above every existing id to keep order. */
	insert(
		model: string,
		data: Record<string, unknown>,
		personId: number | null = null,
		silent = false,
	): Row {
		const t = this.table(model);
		let id: number;
		if (typeof data.id === 'number' && data.id > 0 && !t.has(data.id)) {
			id = data.id;
			const next = this.nextIds.get(model) ?? 1;
			if (id < next - 1 && t.size)
				throw new Error(`insert of ${model} id ${id} would break id order`);
			this.nextIds.set(model, Math.max(next, id + 1));
		} else if (data.id === 0 && !t.has(0) && !t.size) {
			id = 0; // the owner company is id 0 in every Autotask database
		} else id = this.allocId(model);
		const row = { ...data, id } as Row;
		if (modelInfo(model).hasUdf && !Array.isArray(row.userDefinedFields))
			row.userDefinedFields = [];
		t.set(id, row);
		if (!silent) this.emit({ model, action: 'Create', id, before: null, after: row, personId });
		return row;
	}

	/** Replaces a row with the given full content (the caller computed the merge). */
	replace(model: string, row: Row, personId: number | null = null): Row {
		const t = this.table(model);
		const before = t.get(row.id) ?? null;
		t.set(row.id, row);
		this.emit({
			model,
			action: before ? 'Update' : 'Create',
			id: row.id,
			before,
			after: row,
			personId,
		});
		return row;
	}

	delete(model: string, id: number, personId: number | null = null): boolean {
		const t = this.table(model);
		const before = t.get(id);
		if (!before) return false;
		t.delete(id);
		this.emit({ model, action: 'Delete', id, before, after: null, personId });
		return true;
	}

	private emit(e: ChangeEvent): void {
		for (const l of this.listeners) l(e);
	}
}
