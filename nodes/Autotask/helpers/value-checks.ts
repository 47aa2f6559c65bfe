import type { IDataObject } from 'n8n-workflow';

import { isBoolean, isNumeric, type FieldInfo } from './metadata';

/** A write the live field metadata already shows Autotask would refuse: what is wrong and how to fix it. */
export interface Problem {
	message: string;
	fix: string;
}

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

/** The field name closest to a misspelt one, if one is close enough. */
export function closest(name: string, fields: FieldInfo[]): string | undefined {
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

/** A picklist value that is not one, is inactive, or does not belong to the chosen parent value. */
function picklistProblem(
	field: FieldInfo,
	label: string,
	value: unknown,
	body: IDataObject,
	fieldsByName: Map<string, FieldInfo>,
): Problem | undefined {
	const values = field.picklistValues ?? [];
	const text = String(value).trim();
	const hit = values.find((p) => String(p.value) === text);
	if (!hit) {
		const byLabel = values.filter((p) => String(p.label).toLowerCase() === text.toLowerCase());
		if (byLabel.length === 1) {
			return {
				message: `${label} "${text}" is a picklist label, not a value`,
				fix: `Autotask needs the value: use ${byLabel[0].value} for "${byLabel[0].label}".`,
			};
		}
		const some = values
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

/** A number field given something that is not a number, or a fraction where whole numbers go. */
function numberProblem(field: FieldInfo, label: string, value: unknown): Problem | undefined {
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

/** The problem with one value for one field, if the metadata shows one. */
export function checkValue(
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
	if (field.isPickList && field.picklistValues?.length)
		return picklistProblem(field, label, value, body, fieldsByName);
	if (isNumeric(field)) return numberProblem(field, label, value);
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
