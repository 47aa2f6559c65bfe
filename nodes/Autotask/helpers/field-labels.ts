/** Words written in capitals inside a field label. */
const ACRONYMS = new Set([
	'id',
	'udf',
	'sla',
	'rma',
	'url',
	'sku',
	'po',
	'ip',
	'dns',
	'ssl',
	'api',
	'rmm',
	'ci',
	'vat',
	'html',
	'xml',
	'pdf',
]);

export interface LabelSource {
	name: string;
	/** Autotask's own label (user-defined fields have one) */
	label?: string;
	isReference?: boolean;
	isUdf?: boolean;
}

function words(apiName: string): string[] {
	return apiName
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.replace(/([a-zA-Z])(\d)/g, '$1 $2')
		.split(/[\s_]+/)
		.filter((w) => w !== '');
}

/**
 * The label a person reads for a field: "companyID" → "Company", "assignedResourceID" → "Assigned
 * Resource", "dueDateTime" → "Due Date Time". User-defined fields keep the label set in Autotask.
 * A reference field drops its trailing "ID"; without metadata (isReference unknown) any field named
 * "…ID" is taken for one. The API name itself is shown beside the label where the editor allows.
 */
export function fieldLabel(field: LabelSource): string {
	if (field.isUdf && field.label) return field.label;
	const parts = words(field.name);
	const reference = field.isReference ?? /[a-z]ID$/.test(field.name);
	if (reference && parts.length > 1 && parts[parts.length - 1].toLowerCase() === 'id') parts.pop();
	return parts
		.map((w) =>
			ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : `${w[0].toUpperCase()}${w.slice(1)}`,
		)
		.join(' ');
}

/** Prefix of a user-defined field's name among the node's field choices ("udf:Region"). */
export const UDF_PREFIX = 'udf:';
