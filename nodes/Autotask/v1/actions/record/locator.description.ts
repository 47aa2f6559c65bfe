import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';

/** A resource locator for a record of `entity`: From List (searched), By ID, and for tickets By Ticket Number. */
function locator(
	entity: CatalogEntry,
	name: 'id' | 'parentId',
	searchListMethod: string,
	description: string,
	show: IDataObject,
): INodeProperties {
	const property: INodeProperties = {
		displayName: entity.label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'An ID is a whole number' },
					},
				],
			},
			{
				displayName: 'By Ticket Number',
				name: 'ticketNumber',
				type: 'string',
				placeholder: 'e.g. T20240101.0001',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*T\\d{8}\\.\\d{4,}\\s*$',
							errorMessage: 'A ticket number looks like T20240101.0001',
						},
					},
				],
			},
		],
		displayOptions: { show } as INodeProperties['displayOptions'],
	};
	if (entity.name !== 'Tickets')
		property.modes = property.modes!.filter((m) => m.name !== 'ticketNumber');
	return property;
}

/** The record ID parameter of a locator entity, for the given operations. */
export function idLocator(entity: CatalogEntry, operations: string[]): INodeProperties {
	return locator(entity, 'id', 'searchRecords', `The ${entity.label.toLowerCase()} to use`, {
		resource: [entity.value],
		operation: operations,
	});
}

/** The parent ID parameter of child records whose parent is a locator entity. */
export function parentLocator(parent: CatalogEntry, show: IDataObject): INodeProperties {
	const description = `The ${parent.label.toLowerCase()} this record belongs to (Autotask reaches it through its parent)`;
	return locator(parent, 'parentId', 'searchParents', description, show);
}
