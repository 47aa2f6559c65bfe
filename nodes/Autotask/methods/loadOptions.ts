import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity } from '../catalog';
import { locatorValue } from '../actions/locators';
import { loadFields } from '../actions/metadata';
import { metadataEntity } from '../actions/entity-metadata';
export { getEntities } from '../actions/entity-metadata';

async function entityFields(ctx: ILoadOptionsFunctions) {
	const resource = ctx.getNodeParameter('resource', '') as string;
	const entity = resource === 'api' ? metadataEntity(ctx) : findEntity(resource);
	if (!entity) throw new NodeOperationError(ctx.getNode(), `Choose a resource first ("${resource}" is not one)`);
	const parentId = locatorValue(ctx.getNodeParameter('parentId', '')).value || undefined;
	return await loadFields(ctx, entity, parentId);
}

/** Queryable fields of the resource, from the tenant's metadata; UDFs are marked and prefixed "udf:". */
export async function getQueryFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { fields, udfs } = await entityFields(this);
	const options = fields
		.filter((f) => f.isQueryable !== false)
		.map((f) => ({ name: f.name, value: f.name, description: f.dataType }));
	for (const u of udfs.filter((f) => f.isQueryable !== false)) {
		options.push({ name: `${u.label ?? u.name} (UDF)`, value: `udf:${u.name}`, description: 'User-defined field' });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getPicklistFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { fields, udfs } = await entityFields(this);
	return [...fields, ...udfs]
		.filter((f) => f.isPickList)
		.map((f) => ({ name: f.label ?? f.name, value: f.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
