import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import { loadFields, type FieldInfo } from './metadata';
import type { PicklistLabelError } from './picklist-labels';
import { checkValue, closest, type Problem } from './value-checks';

const WRITE_VERBS = new Set(['create', 'update', 'replace']);

/** What the body's own fields (not its UDFs) would make Autotask refuse. */
function fieldProblems(
	entity: CatalogEntry,
	verb: string,
	body: IDataObject,
	fields: FieldInfo[],
	reported: Set<string>,
): Problem[] {
	const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
	const parentField = entity.child?.parentIdField?.toLowerCase();
	const problems: Problem[] = [];
	for (const [key, value] of Object.entries(body)) {
		const lower = key.toLowerCase();
		if (lower === 'userdefinedfields' || lower === 'id') continue;
		const field = byName.get(lower);
		if (!field) {
			const near = closest(key, fields);
			problems.push({
				message: `${entity.label} has no field "${key}"`,
				fix: near
					? `Did you mean ${near}? `
					: 'Remove it from Fields; Get Field Info lists the fields of this entity. ',
			});
			continue;
		}
		if (field.isReadOnly && lower !== parentField) {
			problems.push({
				message: `${field.name} is read-only`,
				fix: `Autotask sets ${field.name} itself; remove it from Fields.`,
			});
			continue;
		}
		if (value === null && field.isRequired) {
			problems.push(emptiedRequired(field, verb));
			continue;
		}
		if (reported.has(lower)) continue;
		const problem = checkValue(field, field.name, value, body, byName);
		if (problem) problems.push(problem);
	}
	return problems;
}

/** A required field given as empty: Create and Replace need a value, Update may leave it out. */
function emptiedRequired(field: FieldInfo, verb: string): Problem {
	return verb === 'update'
		? {
				message: `${field.name} is required and cannot be emptied`,
				fix: `Leave ${field.name} out to keep its value, or give a new one.`,
			}
		: {
				message: `${field.name} is required and cannot be empty`,
				fix: `Give a value for ${field.name}.`,
			};
}

/** Required fields a Create or Replace leaves out. */
function missingRequired(verb: string, body: IDataObject, fields: FieldInfo[]): Problem[] {
	if (verb === 'update') return [];
	const given = new Set(Object.keys(body).map((k) => k.toLowerCase()));
	const missing = fields.filter(
		(f) =>
			f.isRequired &&
			!f.isReadOnly &&
			f.name.toLowerCase() !== 'id' &&
			!given.has(f.name.toLowerCase()),
	);
	if (!missing.length) return [];
	const names = missing.map((f) => f.name).join(', ');
	return [
		{
			message: `${missing.length === 1 ? 'A required field is' : 'Required fields are'} missing: ${names}`,
			fix:
				verb === 'replace'
					? `Replace (PUT) sends the whole record: give ${names}, or use Update to change only some fields.`
					: `Give ${names} under Fields.`,
		},
	];
}

/** What the body's user-defined fields would make Autotask refuse. */
function udfProblems(
	entity: CatalogEntry,
	body: IDataObject,
	udfs: FieldInfo[],
	reported: Set<string>,
): Problem[] {
	const udfValues = body.userDefinedFields;
	if (!Array.isArray(udfValues)) return [];
	const udfByName = new Map(udfs.map((u) => [u.name.toLowerCase(), u]));
	const problems: Problem[] = [];
	for (const entry of udfValues as IDataObject[]) {
		const name = String(entry?.name ?? '');
		const udf = udfByName.get(name.toLowerCase());
		if (!udf) {
			const near = closest(name, udfs);
			problems.push({
				message: `${entity.label} has no user-defined field "${name}"`,
				fix: near
					? `Did you mean ${near}?`
					: udfs.length
						? `Its user-defined fields are: ${udfs.map((u) => u.name).join(', ')}.`
						: `${entity.label} has no user-defined fields in your Autotask.`,
			});
			continue;
		}
		if (udf.isReadOnly) {
			problems.push({
				message: `The user-defined field ${udf.name} is read-only`,
				fix: `Remove ${udf.name} from Fields.`,
			});
			continue;
		}
		if (reported.has(`udf:${udf.name.toLowerCase()}`)) continue;
		const label = `The user-defined field ${udf.name}`;
		const problem = checkValue(udf, label, entry.value, body, udfByName);
		if (problem) problems.push(problem);
	}
	return problems;
}

/**
 * Checks a create/update/replace body against the entity's live field metadata (read once per
 * execution) before it is sent: unknown fields, read-only fields, missing required fields, picklist
 * values and labels, types and lengths, and user-defined fields. Throws one error naming the item,
 * every problem and its fix.
 */
export async function validateWrite(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: string,
	body: IDataObject,
	parentId?: string,
	labelProblems: PicklistLabelError[] = [],
): Promise<void> {
	if (!WRITE_VERBS.has(verb)) return;
	const { fields, udfs } = await loadFields(ctx, entity, parentId);
	if (!fields.length) return; // no metadata for this entity: Autotask is the judge
	// Picklist labels that could not be turned into values are reported with the rest.
	const reported = new Set(labelProblems.map((p) => String(p.key).toLowerCase()));
	const problems: Problem[] = [
		...labelProblems.map((p) => ({ message: p.message, fix: p.fix })),
		...fieldProblems(entity, verb, body, fields, reported),
		...missingRequired(verb, body, fields),
		...udfProblems(entity, body, udfs, reported),
	];
	if (!problems.length) return;
	const what = verb === 'create' ? 'created' : verb === 'update' ? 'updated' : 'replaced';
	const message =
		problems.length === 1
			? `${problems[0].message}; the ${entity.label} was not ${what}`
			: `${problems.length} fields cannot be sent as given; the ${entity.label} was not ${what}: ${problems.map((p) => p.message).join('; ')}`;
	throw new NodeOperationError(ctx.getNode(), message, {
		itemIndex: i,
		description: `${problems.map((p) => p.fix.trim()).join(' ')} Nothing was sent to Autotask for this item.`,
	});
}
