import type {
	FieldType,
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity } from '../../catalog';
import { UDF_PREFIX, fieldLabel } from '../../helpers/field-labels';
import { locatorValue } from '../../helpers/locators';
import { isBoolean, isNumeric, loadFields, type FieldInfo } from '../../helpers/metadata';
import { routeOf, type Verb } from '../../helpers/routes';

/**
 * The column's type, which n8n checks values against before the node runs (validateFieldType): a
 * reference is a string column so it takes a name ("Fabrikam") as well as an ID, which the node
 * resolves; a picklist is an options column whose values are its labels.
 */
function fieldType(f: FieldInfo): FieldType {
	if (f.isPickList && f.picklistValues?.length) return 'options';
	if (f.isReference) return 'string';
	if (isBoolean(f)) return 'boolean';
	if (isNumeric(f)) return 'number';
	if (/date/i.test(f.dataType ?? f.type ?? '')) return 'dateTime';
	return 'string';
}

function toMapperField(
	f: FieldInfo,
	id: string,
	displayName: string,
	operation: string,
): ResourceMapperField {
	const type = fieldType(f);
	const field: ResourceMapperField = {
		id,
		displayName,
		// Required fields are mandatory on create and replace; an update changes only what is given.
		required: !!f.isRequired && operation !== 'update',
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type,
	};
	if (type === 'options') field.options = labelOptions(f);
	return field;
}

/**
 * A picklist's options carry its labels as values: n8n accepts only an option's exact value, so an
 * expression gives "High", and the workflow reads the same in another Autotask with other numbers.
 * The node turns labels into Autotask's values (bodyLabelsToValues). A label shared by values under
 * different parents (sub-issue types) is offered once; the parent given beside it decides.
 */
function labelOptions(f: FieldInfo): Array<{ name: string; value: string }> {
	const labels = (f.picklistValues ?? []).filter((p) => p.isActive !== false).map((p) => p.label);
	return [...new Set(labels)].map((label) => ({ name: label, value: label }));
}

/** Create/Update/Replace columns from the tenant's live metadata: writable fields, picklists, UDFs. */
export async function getFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const resource = this.getNodeParameter('resource', '') as string;
	const operation = this.getNodeParameter('operation', '') as string;
	const entity = findEntity(resource);
	if (!entity)
		throw new NodeOperationError(
			this.getNode(),
			`Choose a resource first ("${resource}" is not one)`,
		);
	const parentId = locatorValue(this.getNodeParameter('parentId', '')).value || undefined;
	const { fields, udfs } = await loadFields(this, entity, parentId, true); // fresh
	// Through the parent's URL, the parent's ID field is filled from the Parent field: optional here.
	const fromParent =
		routeOf(entity, operation as Verb)?.scope === 'child' ? entity.child?.parentIdField : undefined;
	const columns = fields
		.filter((f) => !f.isReadOnly && f.name.toLowerCase() !== 'id')
		.map((f) => {
			const column = toMapperField(f, f.name, fieldLabel(f), operation);
			if (f.name === fromParent) column.required = false;
			return column;
		});
	for (const u of udfs.filter((f) => !f.isReadOnly)) {
		columns.push(
			toMapperField(
				u,
				`${UDF_PREFIX}${u.name}`,
				`${fieldLabel({ ...u, isUdf: true })} (UDF)`,
				operation,
			),
		);
	}
	return {
		fields: columns,
		emptyFieldsNotice: `Autotask reports no writable fields for ${entity.label}`,
	};
}
