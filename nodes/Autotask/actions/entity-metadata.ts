import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ENTITIES, findEntity, type CatalogEntry } from '../catalog';
import { autotaskRequest } from '../transport';
import { fieldLabel } from '../helpers/field-labels';
import { fieldsBase, loadFields } from './metadata';

/**
 * What Autotask says about an entity and its fields, offered once under the API resource with an
 * Entity picker rather than three more operations on each of the 234 resources.
 */
export const METADATA_OPERATIONS = ['getEntityInfo', 'getFieldInfo', 'getPicklistValues'] as const;
export type MetadataOperation = (typeof METADATA_OPERATIONS)[number];

export const metadataOperationOptions: INodePropertyOptions[] = [
	{
		name: 'Get Entity Info',
		value: 'getEntityInfo',
		description:
			'What one entity allows in your Autotask (create, update, delete, query, UDFs, webhooks)',
		action: 'Get entity info',
	},
	{
		name: 'Get Field Info',
		value: 'getFieldInfo',
		description:
			"One entity's fields and user-defined fields in your Autotask, with types and picklists",
		action: 'Get field info of an entity',
	},
	{
		name: 'Get Picklist Values',
		value: 'getPicklistValues',
		description: 'The values and labels of one picklist field of an entity',
		action: 'Get picklist values of a field',
	},
];

const SHOW = { show: { resource: ['api'], operation: [...METADATA_OPERATIONS] } };

export const metadataProperties: INodeProperties[] = [
	{
		displayName: 'Entity Name or ID',
		name: 'entity',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEntities' },
		required: true,
		default: '',
		description:
			'The entity to describe, e.g. Ticket. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: SHOW,
	},
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

function hasMetadata(e: CatalogEntry): boolean {
	return e.root.includes('fields') || !!e.child?.ops.includes('fields');
}

/** The Entity picker's list: every entity Autotask describes, by its label. */
export async function getEntities(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return ENTITIES.filter(hasMetadata)
		.map((e) => ({ name: e.label, value: e.value, description: e.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The entity a metadata operation is about: the Entity parameter, or the resource of older workflows. */
export function metadataEntity(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	i?: number,
): CatalogEntry {
	const resource = String(
		i === undefined
			? ctx.getNodeParameter('resource', '')
			: (ctx as IExecuteFunctions).getNodeParameter('resource', i),
	);
	const raw = resource === 'api' ? paramOf(ctx, 'entity', i) : resource;
	const entity = findEntity(raw);
	if (!entity || !hasMetadata(entity)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${raw}" is not an Autotask entity with field information`,
			{
				itemIndex: i,
				description:
					'Pick the entity from the list, or give its name as in the API (e.g. Tickets) or as in the node (e.g. ticket).',
			},
		);
	}
	return entity;
}

function paramOf(ctx: IExecuteFunctions | ILoadOptionsFunctions, name: string, i?: number): string {
	const value =
		i === undefined
			? (ctx as ILoadOptionsFunctions).getNodeParameter(name, '')
			: (ctx as IExecuteFunctions).getNodeParameter(name, i, '');
	return String(value ?? '').trim();
}

/** Runs Get Entity Info, Get Field Info or Get Picklist Values for item i. */
export async function executeMetadata(
	this: IExecuteFunctions,
	i: number,
	operation: MetadataOperation,
): Promise<IDataObject[]> {
	const entity = metadataEntity(this, i);
	if (operation === 'getEntityInfo') {
		const answer = await autotaskRequest.call(this, { method: 'GET', path: fieldsBase(entity) });
		return [(answer.info as IDataObject) ?? answer];
	}
	// Asked for explicitly: read fresh, and the cache is updated (issue 18).
	const { fields, udfs } = await loadFields(this, entity, undefined, true);
	if (operation === 'getFieldInfo') {
		return [
			...fields.map(
				(f) => ({ ...f, label: fieldLabel(f), isUdf: false }) as unknown as IDataObject,
			),
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
