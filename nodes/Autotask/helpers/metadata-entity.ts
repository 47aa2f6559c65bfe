import type { IExecuteFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ENTITIES, findEntity, type CatalogEntry } from '../catalog';

/**
 * What Autotask says about an entity and its fields, offered once under the API resource with an
 * Entity picker rather than three more operations on each of the 234 resources.
 */
export const METADATA_OPERATIONS = ['getEntityInfo', 'getFieldInfo', 'getPicklistValues'] as const;

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

/** A text parameter of the metadata operations, trimmed; in the editor, as currently set. */
export function paramOf(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	name: string,
	i?: number,
): string {
	const value =
		i === undefined
			? (ctx as ILoadOptionsFunctions).getNodeParameter(name, '')
			: (ctx as IExecuteFunctions).getNodeParameter(name, i, '');
	return String(value ?? '').trim();
}
