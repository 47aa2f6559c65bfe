import type { IDataObject } from 'n8n-workflow';

import type { EntityFields } from './metadata';

/**
 * Adds `<field>_label` beside every picklist field of a record, from the tenant's metadata (picklist
 * values are strings in the metadata and numbers or strings in records, so they are compared as text).
 */
export function addPicklistLabels(record: IDataObject, metadata: EntityFields): IDataObject {
	const out: IDataObject = { ...record };
	for (const field of metadata.fields) {
		if (!field.isPickList || !field.picklistValues?.length) continue;
		const key = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
		if (key === undefined || record[key] === null || record[key] === undefined) continue;
		const match = field.picklistValues.find((p) => String(p.value) === String(record[key]));
		if (match) out[`${key}_label`] = match.label;
	}
	return out;
}
