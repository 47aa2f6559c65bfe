import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity } from '../catalog';
import { PICKLIST_PREFIX } from './conditions';
import { fieldLabel } from './field-labels';
import { locatorValue } from './locators';
import { metadataEntity } from './metadata-entity';
import { loadFields } from './metadata';

/** The fields of the node's resource (or, under API, of the chosen entity) as the editor shows them. */
async function entityFields(ctx: ILoadOptionsFunctions) {
	const resource = ctx.getNodeParameter('resource', '') as string;
	const entity = resource === 'api' ? metadataEntity(ctx) : findEntity(resource);
	if (!entity)
		throw new NodeOperationError(
			ctx.getNode(),
			`Choose a resource first ("${resource}" is not one)`,
		);
	const parentId = locatorValue(ctx.getNodeParameter('parentId', '')).value || undefined;
	return await loadFields(ctx, entity, parentId, true); // the editor reads fresh
}

/** Queryable fields of the resource, from the tenant's metadata; UDFs are marked and prefixed "udf:". */
export async function getQueryFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { fields, udfs } = await entityFields(this);
	const options = fields
		.filter((f) => f.isQueryable !== false)
		.map((f) => ({
			name: fieldLabel(f),
			value: f.name,
			description: `${f.name} (${f.dataType ?? 'field'})`,
		}));
	for (const u of udfs.filter((f) => f.isQueryable !== false)) {
		options.push({
			name: `${fieldLabel({ ...u, isUdf: true })} (UDF)`,
			value: `udf:${u.name}`,
			description: `User-defined field ${u.name}`,
		});
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Match On of Create or Update and Find or Create: the queryable fields a write can give a value to (the
 * item's value under Fields is what is matched), UDFs included.
 */
export async function getMatchFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { fields, udfs } = await entityFields(this);
	const writable = new Set([
		...fields.filter((f) => !f.isReadOnly).map((f) => f.name),
		...udfs.filter((f) => !f.isReadOnly).map((f) => `udf:${f.name}`),
	]);
	return (await getQueryFields.call(this)).filter((o) => writable.has(String(o.value)));
}

export async function getPicklistFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const { fields, udfs } = await entityFields(this);
	return [...fields, ...udfs]
		.filter((f) => f.isPickList)
		.map((f) => ({
			name: fieldLabel({ ...f, isUdf: udfs.includes(f) }),
			value: f.name,
			description: f.name,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The Conditions field list: as Select Fields, with picklist fields marked so the value offers labels. */
export async function getConditionFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const { fields } = await entityFields(this);
	const picklists = new Set(
		fields.filter((f) => f.isPickList && f.picklistValues?.length).map((f) => f.name),
	);
	return (await getQueryFields.call(this)).map((o) =>
		picklists.has(String(o.value)) ? { ...o, value: `${PICKLIST_PREFIX}${o.value}` } : o,
	);
}

/** The active labels of the picklist field chosen in the same condition row. */
export async function getConditionPicklistValues(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const chosen = String(this.getCurrentNodeParameter('&field') ?? '').replace(PICKLIST_PREFIX, '');
	if (!chosen) return [];
	const { fields } = await entityFields(this);
	const field = fields.find((f) => f.name.toLowerCase() === chosen.toLowerCase());
	const parents =
		fields.find((f) => f.name === field?.picklistParentValueField)?.picklistValues ?? [];
	return (field?.picklistValues ?? [])
		.filter((p) => p.isActive !== false)
		.map((p) => {
			const parent = parents.find((x) => String(x.value) === String(p.parentValue))?.label;
			return {
				name: parent ? `${p.label} (${parent})` : p.label,
				value: String(p.value),
				description: `Value ${p.value}`,
			};
		});
}
