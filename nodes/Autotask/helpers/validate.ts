import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../catalog';
import type { PicklistLabelError } from '../helpers/picklist-labels';
import { isBoolean, isNumeric, loadFields, type FieldInfo } from './metadata';

/** A write the live field metadata already shows Autotask would refuse: what is wrong and how to fix it. */
interface Problem {
	message: string;
	fix: string;
}

const WRITE_VERBS = new Set(['create', 'update', 'replace']);

function typeOf(field: FieldInfo): string {
	return String(field.dataType ?? field.type ?? '').toLowerCase();
}

function isInteger(field: FieldInfo): boolean {
	return /^(integer|long|short|byte|int)/.test(typeOf(field));
}

function isDate(field: FieldInfo): boolean {
	return /date/.test(typeOf(field));
}

function shown(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Edit distance, for "did you mean" on unknown field names. */
function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const here = row[j];
			row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = here;
		}
	}
	return row[b.length];
}

function closest(name: string, fields: FieldInfo[]): string | undefined {
	const lower = name.toLowerCase();
	let best: { name: string; d: number } | undefined;
	for (const f of fields) {
		const candidate = f.name.toLowerCase();
		const d =
			candidate.includes(lower) || lower.includes(candidate) ? 1 : distance(lower, candidate);
		if (d <= Math.max(2, Math.floor(lower.length / 4)) && (!best || d < best.d))
			best = { name: f.name, d };
	}
	return best?.name;
}

/** The problem with one value for one field, if the metadata shows one. */
function checkValue(
	field: FieldInfo,
	label: string,
	value: unknown,
	body: IDataObject,
	fieldsByName: Map<string, FieldInfo>,
): Problem | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'object') {
		return {
			message: `${label} got ${Array.isArray(value) ? 'a list' : 'an object'} (${shown(value)}) instead of a single value`,
			fix: `Check the expression for ${label}: it should give one ${typeOf(field) || 'value'}, e.g. {{ $json.${field.name} }} rather than the whole item or a list.`,
		};
	}
	if (field.isPickList && field.picklistValues?.length) {
		const text = String(value).trim();
		const hit = field.picklistValues.find((p) => String(p.value) === text);
		if (!hit) {
			const byLabel = field.picklistValues.filter(
				(p) => String(p.label).toLowerCase() === text.toLowerCase(),
			);
			if (byLabel.length === 1) {
				return {
					message: `${label} "${text}" is a picklist label, not a value`,
					fix: `Autotask needs the value: use ${byLabel[0].value} for "${byLabel[0].label}".`,
				};
			}
			const some = field.picklistValues
				.filter((p) => p.isActive !== false)
				.slice(0, 8)
				.map((p) => `${p.value} (${p.label})`)
				.join(', ');
			return {
				message: `${label} "${text}" is not one of its picklist values`,
				fix: `Pick a value from the list in Fields, or use Get Picklist Values. Values include: ${some}.`,
			};
		}
		if (hit.isActive === false) {
			return {
				message: `${label} ${text} (${hit.label}) is an inactive picklist value`,
				fix: 'Autotask refuses inactive values on writes: pick an active one, or activate it in Autotask.',
			};
		}
		const parentName = field.picklistParentValueField;
		if (parentName && hit.parentValue !== undefined && hit.parentValue !== '') {
			const parentKey = Object.keys(body).find((k) => k.toLowerCase() === parentName.toLowerCase());
			if (
				parentKey !== undefined &&
				body[parentKey] !== null &&
				String(body[parentKey]) !== String(hit.parentValue)
			) {
				const parent = fieldsByName.get(parentName.toLowerCase());
				const parentLabel = parent?.picklistValues?.find(
					(p) => String(p.value) === String(hit.parentValue),
				)?.label;
				return {
					message: `${label} ${text} (${hit.label}) does not belong to ${parentName} ${String(body[parentKey])}`,
					fix: `${hit.label} is a choice under ${parentName} ${hit.parentValue}${parentLabel ? ` (${parentLabel})` : ''}: change one of the two.`,
				};
			}
		}
		return undefined;
	}
	if (isNumeric(field)) {
		const n =
			typeof value === 'number'
				? value
				: typeof value === 'string' && value.trim() !== ''
					? Number(value)
					: NaN;
		if (typeof value === 'boolean' || !Number.isFinite(n)) {
			return {
				message: `${label} "${shown(value)}" is not a number`,
				fix: field.isReference
					? `${label} holds the numeric ID of a ${field.referenceEntityType || 'record'}, e.g. 12345.`
					: `${label} holds numbers in Autotask.`,
			};
		}
		if (isInteger(field) && !Number.isInteger(n)) {
			return {
				message: `${label} ${shown(value)} is not a whole number`,
				fix: `${label} holds whole numbers in Autotask.`,
			};
		}
		return undefined;
	}
	if (isBoolean(field)) {
		if (typeof value === 'boolean' || /^(true|false)$/i.test(String(value).trim()))
			return undefined;
		return {
			message: `${label} "${shown(value)}" is not true or false`,
			fix: `${label} is a yes/no field: give true or false.`,
		};
	}
	if (isDate(field)) {
		if (typeof value === 'string' && !Number.isNaN(Date.parse(value.trim()))) return undefined;
		if (typeof value !== 'string') return undefined;
		return {
			message: `${label} "${shown(value)}" is not a date`,
			fix: `Give an ISO date and time in UTC, e.g. 2026-01-31T15:00:00Z, or {{ $now.toUTC().toISO() }}.`,
		};
	}
	const length = Number(field.length ?? 0);
	if (length > 0 && String(value).length > length) {
		return {
			message: `${label} is ${String(value).length} characters long; Autotask allows ${length}`,
			fix: `Shorten it, e.g. {{ $json.${field.name}.slice(0, ${length}) }}.`,
		};
	}
	return undefined;
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
	const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
	const parentField = entity.child?.parentIdField?.toLowerCase();
	// Picklist labels that could not be turned into values are reported with the rest.
	const problems: Problem[] = labelProblems.map((p) => ({ message: p.message, fix: p.fix }));
	const reported = new Set(labelProblems.map((p) => String(p.key).toLowerCase()));

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
		if (value === null && field.isRequired && verb !== 'update') {
			problems.push({
				message: `${field.name} is required and cannot be empty`,
				fix: `Give a value for ${field.name}.`,
			});
			continue;
		}
		if (value === null && field.isRequired && verb === 'update') {
			problems.push({
				message: `${field.name} is required and cannot be emptied`,
				fix: `Leave ${field.name} out to keep its value, or give a new one.`,
			});
			continue;
		}
		if (reported.has(lower)) continue;
		const problem = checkValue(field, field.name, value, body, byName);
		if (problem) problems.push(problem);
	}

	if (verb !== 'update') {
		const given = new Set(Object.keys(body).map((k) => k.toLowerCase()));
		const missing = fields.filter(
			(f) =>
				f.isRequired &&
				!f.isReadOnly &&
				f.name.toLowerCase() !== 'id' &&
				!given.has(f.name.toLowerCase()),
		);
		if (missing.length) {
			const names = missing.map((f) => f.name).join(', ');
			problems.push({
				message: `${missing.length === 1 ? 'A required field is' : 'Required fields are'} missing: ${names}`,
				fix:
					verb === 'replace'
						? `Replace (PUT) sends the whole record: give ${names}, or use Update to change only some fields.`
						: `Give ${names} under Fields.`,
			});
		}
	}

	const udfValues = body.userDefinedFields;
	if (Array.isArray(udfValues)) {
		const udfByName = new Map(udfs.map((u) => [u.name.toLowerCase(), u]));
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
			const problem = checkValue(
				udf,
				`The user-defined field ${udf.name}`,
				entry.value,
				body,
				udfByName,
			);
			if (problem) problems.push(problem);
		}
	}

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
