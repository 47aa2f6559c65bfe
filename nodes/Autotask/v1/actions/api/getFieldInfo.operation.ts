import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldLabel } from '../../../helpers/field-labels';
import { metadataEntity } from '../../../helpers/metadata-entity';
import { loadFields } from '../../../helpers/metadata';

/** Get Field Info: one entity's fields and user-defined fields, with the labels the node shows. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { fields, udfs } = await loadFields(this, metadataEntity(this, i), undefined, true);
	return [
		...fields.map((f) => ({ ...f, label: fieldLabel(f), isUdf: false }) as unknown as IDataObject),
		...udfs.map(
			(f) =>
				({
					...f,
					label: fieldLabel({ ...f, isUdf: true }),
					isUdf: true,
				}) as unknown as IDataObject,
		),
	];
}
