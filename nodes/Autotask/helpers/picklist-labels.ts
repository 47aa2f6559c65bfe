import type { FieldInfo, PicklistValue } from './metadata';

/** Why a picklist value given as text could not be turned into Autotask's value. */
export class PicklistLabelError extends Error {
	/** The body key the value was given under, for writes */
	key?: string;

	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

/** At most this many labels are listed in an error; the rest are counted. */
const LISTED = 25;

export function isPicklist(
	field: FieldInfo | undefined,
): field is FieldInfo & { picklistValues: PicklistValue[] } {
	return (
		!!field?.isPickList && Array.isArray(field.picklistValues) && field.picklistValues.length > 0
	);
}

/** "Low, Medium, High, Critical" (active labels, in Autotask's order; under the parent value when given). */
function validLabels(field: FieldInfo, parentValue?: string): string {
	const active = (field.picklistValues ?? []).filter(
		(p) =>
			p.isActive !== false && (parentValue === undefined || String(p.parentValue) === parentValue),
	);
	const names = active.slice(0, LISTED).map((p) => p.label);
	const more = active.length > LISTED ? ` and ${active.length - LISTED} more` : '';
	return `${names.join(', ')}${more}`;
}

function asValue(field: FieldInfo, entry: PicklistValue): string | number {
	const numeric = /^(integer|long|short|byte|int)/i.test(field.dataType ?? field.type ?? '');
	return numeric && /^-?\d+$/.test(String(entry.value)) ? Number(entry.value) : String(entry.value);
}

/**
 * Autotask's value for a picklist field given as a value or as a label ("High", "complete", an issue
 * type's name), case-insensitively, from the metadata already loaded. A dependent picklist (sub-issue
 * type under issue type) is looked up within its parent's value when it is known. A number that is a
 * valid value passes as it is; an unknown or inactive label throws a PicklistLabelError listing the
 * valid labels.
 */
export function picklistValue(
	field: FieldInfo,
	given: unknown,
	name: string,
	parentValue?: string,
): unknown {
	if (!isPicklist(field) || given === null || given === undefined || typeof given === 'object')
		return given;
	if (typeof given === 'boolean') return given;
	const text = String(given).trim();
	const entries = field.picklistValues.filter(
		(p) =>
			parentValue === undefined ||
			p.parentValue === undefined ||
			p.parentValue === '' ||
			String(p.parentValue) === parentValue,
	);
	// A value is taken as it is (the write's validation checks it against its parent); labels are looked up under the parent.
	const byValue = field.picklistValues.find((p) => String(p.value) === text);
	const byLabel = byValue
		? []
		: entries.filter((p) => String(p.label).trim().toLowerCase() === text.toLowerCase());
	const hits = byValue ? [byValue] : byLabel.filter((p) => p.isActive !== false);
	if (hits.length === 1) return asValue(field, hits[0]);
	const under =
		parentValue !== undefined
			? ` under ${field.picklistParentValueField ?? 'its parent'} ${parentValue}`
			: '';
	if (hits.length > 1) {
		throw new PicklistLabelError(
			`${name} "${text}" matches ${hits.length} picklist values (${hits.map((h) => h.value).join(', ')})`,
			`The label exists under several ${field.picklistParentValueField ?? 'parent'} values: give ${field.picklistParentValueField ?? 'the parent'} too, or use the value.`,
		);
	}
	const inactive = byLabel.length > 0;
	throw new PicklistLabelError(
		inactive
			? `${name} "${text}" is an inactive picklist value`
			: `${name} "${text}" is not one of its picklist ${/^-?\d+$/.test(text) ? 'values' : 'labels'}${under}`,
		`${name} must be one of: ${validLabels(field, parentValue)} (or its numeric value).`,
	);
}

/** The parent's value of a dependent picklist field, from the other values given beside it. */
export function parentValueOf(
	field: FieldInfo,
	siblings: Record<string, unknown>,
	fields: FieldInfo[],
): string | undefined {
	const parentName = field.picklistParentValueField;
	if (!parentName) return undefined;
	const key = Object.keys(siblings).find((k) => k.toLowerCase() === parentName.toLowerCase());
	if (key === undefined || siblings[key] === null || siblings[key] === undefined) return undefined;
	const parent = fields.find((f) => f.name.toLowerCase() === parentName.toLowerCase());
	if (!parent) return String(siblings[key]);
	try {
		return String(picklistValue(parent, siblings[key], parent.name));
	} catch {
		return undefined;
	}
}

/**
 * A create/update/replace body with picklist labels turned into Autotask's values, user-defined fields
 * included, from the metadata the write's validation reads anyway. Returns the new body and what could
 * not be turned (each problem with its fix).
 */
export function bodyLabelsToValues(
	body: Record<string, unknown>,
	metadata: { fields: FieldInfo[]; udfs: FieldInfo[] },
): { body: Record<string, unknown>; problems: PicklistLabelError[] } {
	const problems: PicklistLabelError[] = [];
	const resolve = (
		field: FieldInfo,
		value: unknown,
		name: string,
		key: string,
		parent?: string,
	) => {
		try {
			return picklistValue(field, value, name, parent);
		} catch (error) {
			const problem = error as PicklistLabelError;
			problem.key = key;
			problems.push(problem);
			return value;
		}
	};
	const out: Record<string, unknown> = { ...body };
	for (const [key, value] of Object.entries(body)) {
		const field = metadata.fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
		if (isPicklist(field))
			out[key] = resolve(
				field,
				value,
				field.name,
				key,
				parentValueOf(field, body, metadata.fields),
			);
	}
	if (Array.isArray(body.userDefinedFields)) {
		out.userDefinedFields = (body.userDefinedFields as Array<Record<string, unknown>>).map(
			(entry) => {
				const udf = metadata.udfs.find(
					(u) => u.name.toLowerCase() === String(entry?.name ?? '').toLowerCase(),
				);
				if (!isPicklist(udf) || entry.value === null || entry.value === undefined) return entry;
				return {
					...entry,
					value: String(
						resolve(udf, entry.value, `The user-defined field ${udf.name}`, `udf:${udf.name}`),
					),
				};
			},
		);
	}
	return { body: out, problems };
}
