import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { metadataEntity, paramOf } from '../../../helpers/metadata-entity';
import { loadFields } from '../../../helpers/metadata';

export const description: INodeProperties[] = [
	{
		displayName: 'Picklist Field Name or ID',
		name: 'picklistField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPicklistFields', loadOptionsDependsOn: ['entity'] },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { resource: ['api'], operation: ['getPicklistValues'] } },
	},
];

/** Get Picklist Values: the values and labels of one picklist field of an entity. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const entity = metadataEntity(this, i);
	const { fields, udfs } = await loadFields(this, entity, undefined, true);
	const name = paramOf(this, 'picklistField', i);
	const field = [...fields, ...udfs].find((f) => f.name.toLowerCase() === name.toLowerCase());
	if (!field?.isPickList) {
		throw new NodeOperationError(
			this.getNode(),
			`${name || 'The field'} is not a picklist field of ${entity.label}`,
			{
				itemIndex: i,
				description:
					'Pick the field from the list: it shows the picklist fields of the chosen entity.',
			},
		);
	}
	return (field.picklistValues ?? []).map(
		(p) => ({ field: field.name, ...p }) as unknown as IDataObject,
	);
}
