import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { addPicklistLabels } from './labels';
import { loadFields } from './metadata';
import { fail } from './parameters';
import { simplifyRecord } from './simplify';

/** Output options of Get and Get Many: picklist labels (metadata read once per execution), flat UDFs. */
export async function shapeRecords(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	records: IDataObject[],
	parentId?: string,
) {
	const options = (ctx.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
	let out = records;
	// Labels are on unless switched off: a person reads "Complete", not 5.
	if (options.addPicklistLabels !== false && out.length) {
		const metadata = await loadFields(ctx, entity, parentId);
		out = out.map((r) => addPicklistLabels(r, metadata));
	}
	if (options.flattenUdfs === true) {
		out = out.map((r) => {
			const { userDefinedFields, ...rest } = r;
			for (const u of (userDefinedFields as IDataObject[] | undefined) ?? [])
				rest[`udf_${String(u.name)}`] = u.value;
			return rest;
		});
	}
	if (ctx.getNodeParameter('simplify', i, false) === true)
		out = out.map((r) => simplifyRecord(entity.name, r));
	return out;
}

/** No record for an ID: an error on the item, or no output when the user chose Ignore Missing Records. */
export function missingRecord(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	what: string,
): IDataObject[] {
	const options = (ctx.getNodeParameter('outputOptions', i, {}) as IDataObject) ?? {};
	if (options.ignoreMissing === true) return [];
	fail(
		ctx,
		i,
		`Autotask has no ${entity.label} with ${what}`,
		'Check the ID, and that the API user may see this record.',
	);
}
