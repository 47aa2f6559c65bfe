/**
 * Create / PATCH / PUT semantics with metadata-driven validation: required and read-only
 * fields, types, lengths, picklists and reference checks, all failing with 500 {"errors":[...]}.
 */
import type { CatalogEntry } from '../nodes/Autotask/catalog';
import { atNow } from './clock.cjs';
import { fail } from './errors.cjs';
import type { FieldInformation } from './metadata.cjs';
import { fieldMap } from './metadata.cjs';
import { modelInfo } from './models.cjs';
import type { Row, Store } from './store.cjs';
import { randomUUID } from 'node:crypto';
import { WEBHOOK_KINDS } from './webhook-kinds.cjs';

export interface Actor {
	/** Resource the change is attributed to (impersonated resource, else the API user) */
	resourceId: number | null;
	/** The API user's resource when impersonating, else null */
	impersonatorId: number | null;
}

/** References the sandbox checks; other reference targets are usually not seeded. */
const CHECKED_REFERENCES = new Set([
	'Company',
	'Contact',
	'Resource',
	'Ticket',
	'Project',
	'Contract',
	'ConfigurationItem',
	'Task',
	'Phase',
	'Opportunity',
	'TicketNote',
	'Quote',
]);

export const MAX_ATTACHMENT_BYTES = 6 * 1024 * 1024;

const CREATE_DATES = [
	'createDate',
	'createDateTime',
	'createdDateTime',
	'createdDate',
	'attachDate',
];
const MODIFIED_DATES = [
	'lastActivityDate',
	'lastActivityDateTime',
	'lastModifiedDate',
	'lastModifiedDateTime',
	'lastModifiedTime',
	'lastTrackedModificationDateTime',
	'lastTrackedModifiedDateTime',
];
const CREATOR_IDS = [
	'creatorResourceID',
	'createdByResourceID',
	'createdByPersonID',
	'creatorUserID',
	'attachedByResourceID',
];
const UPDATER_IDS = [
	'lastModifiedUserID',
	'lastModifiedByResourceID',
	'lastActivityResourceID',
	'lastActivityPersonID',
];

/** Sets the server-maintained audit fields that the model has. */
export function stampAudit(
	model: string,
	row: Record<string, unknown>,
	actor: Actor,
	isCreate: boolean,
): void {
	const types = modelInfo(model).types;
	const now = atNow();
	const set = (names: string[], v: unknown) => names.forEach((n) => n in types && (row[n] = v));
	if (isCreate) {
		set(CREATE_DATES, now);
		set(CREATOR_IDS, actor.resourceId);
		if (actor.impersonatorId !== null) set(['impersonatorCreatorResourceID'], actor.impersonatorId);
	} else if (actor.impersonatorId !== null)
		set(['impersonatorUpdaterResourceID'], actor.impersonatorId);
	set(MODIFIED_DATES, now);
	set(UPDATER_IDS, actor.resourceId);
}

function coerce(f: FieldInformation, type: string, v: unknown): unknown {
	if (v === null || v === undefined) return null;
	const bad = () =>
		fail(`Invalid value "${String(v)}" for field ${f.name}. Expected ${f.dataType}.`);
	if (type.startsWith('integer') || type.startsWith('number')) {
		const n =
			typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
		if (!Number.isFinite(n) || (type.startsWith('integer') && !Number.isInteger(n))) bad();
		return n;
	}
	if (type === 'boolean') {
		if (typeof v === 'boolean') return v;
		if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
		return bad();
	}
	if (type === 'string/date-time') {
		if (typeof v !== 'string') return bad();
		const s = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : v + (v.length === 10 ? 'T00:00:00Z' : 'Z');
		const ms = Date.parse(s);
		if (Number.isNaN(ms)) bad();
		return atNow(ms);
	}
	if (typeof v === 'object') return bad();
	return String(v);
}

export interface WriteRequest {
	entity: CatalogEntry;
	body: unknown;
	mode: 'create' | 'update' | 'replace';
	actor: Actor;
	/** Parent id from a child URL, written into child.parentIdField */
	parentId?: number;
	/** Skip validation and read-only checks (admin changes "as a person in the UI") */
	trusted?: boolean;
}

/** Validates and applies one write; returns the stored row. */
export function applyWrite(store: Store, req: WriteRequest): Row {
	const { entity, mode } = req;
	const model = entity.model;
	if (!model) fail(`The ${entity.name} entity cannot be written.`);
	const info = modelInfo(model);
	if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
		fail('The request body is not a valid entity.');
	const body = req.body as Record<string, unknown>;
	const meta = fieldMap(entity, store);
	// ASP.NET binding: property names case-insensitive, unknown properties ignored
	const given = new Map<string, unknown>();
	for (const [k, v] of Object.entries(body)) {
		const name = info.lower.get(k.toLowerCase());
		if (name) given.set(name, v);
	}
	let existing: Row | undefined;
	if (mode !== 'create') {
		const id = Number(given.get('id'));
		if (!Number.isInteger(id) || !given.has('id'))
			fail('The id field is required to update an entity.');
		existing = store.get(model, id);
		const parentField = entity.child?.parentIdField;
		if (
			!existing ||
			(req.parentId !== undefined &&
				parentField &&
				parentField !== 'id' &&
				Number(existing[parentField]) !== req.parentId)
		)
			fail(`The ${info.name} with id ${id} does not exist or is not accessible.`);
	}
	const parentField = entity.child?.parentIdField;
	if (req.parentId !== undefined && parentField && parentField !== 'id')
		given.set(parentField, req.parentId);

	const next: Record<string, unknown> =
		mode === 'update' && existing ? { ...existing } : existing ? { id: existing.id } : {};
	const errors: string[] = [];
	for (const name of info.fields) {
		if (name === 'id' || name === 'userDefinedFields') continue;
		const f = meta.get(name);
		if (!f) continue;
		const has = given.has(name);
		if (f.isReadOnly) {
			// Read-only fields keep their value; sending a different value is refused
			if (existing) next[name] = existing[name];
			if (has && !req.trusted) {
				const v = given.get(name);
				const same = existing
					? v === existing[name] || (v === null && existing[name] === undefined)
					: v === null || v === undefined;
				if (!same) errors.push(`The field ${name} is read-only and cannot be set.`);
			}
			continue;
		}
		if (has) {
			try {
				next[name] = coerce(f, info.types[name], given.get(name));
			} catch (e) {
				errors.push((e as Error).message);
				continue;
			}
		} else if (mode === 'replace')
			next[name] = null; // PUT nulls omitted writable fields
		else if (
			mode === 'create' &&
			f.isPickList &&
			f.picklistValues?.some((p) => p.isDefaultValue) &&
			!req.trusted
		) {
			const def = f.picklistValues.find((p) => p.isDefaultValue);
			if (def && !f.isRequired) next[name] = coerce(f, info.types[name], def.value);
		}
	}
	if (errors.length) fail(errors[0]);
	if (!req.trusted) validate(store, meta, info.types, next, existing, given);

	if (info.hasUdf) next.userDefinedFields = mergeUdfs(store, model, existing, body, mode);
	if (entity.attachment) prepareAttachment(next, given);
	if (mode === 'create') serverDefaults(store, model, next, req.actor, !!req.trusted);
	stampAudit(model, next, req.actor, mode === 'create');
	if (mode === 'create') return store.insert(model, next, req.actor.resourceId);
	return store.replace(model, next as Row, req.actor.resourceId);
}

function validate(
	store: Store,
	meta: Map<string, FieldInformation>,
	types: Record<string, string>,
	next: Record<string, unknown>,
	existing: Row | undefined,
	given: Map<string, unknown>,
): void {
	for (const f of meta.values()) {
		const v = next[f.name];
		const missing = v === null || v === undefined || v === '';
		if (f.isRequired && !f.isReadOnly && missing) fail(`Missing Required Field: ${f.name}`);
		if (missing) continue;
		if (types[f.name] === 'string' && f.length > 0 && String(v).length > f.length)
			fail(`Value for field ${f.name} exceeds the maximum length of ${f.length}.`);
		const changed = !existing || existing[f.name] !== v;
		if (f.isPickList && f.picklistValues && changed && given.has(f.name)) {
			const pv = f.picklistValues.find((p) => p.value === String(v));
			if (!pv || !pv.isActive)
				fail(`Value does not exist in picklist for field ${f.name}: ${String(v)}.`);
			if (
				f.picklistParentValueField &&
				pv.parentValue !== String(next[f.picklistParentValueField] ?? '')
			)
				fail(
					`Value ${String(v)} of field ${f.name} is not valid for ${f.picklistParentValueField} ${String(next[f.picklistParentValueField])}.`,
				);
		}
		if (
			f.isReference &&
			changed &&
			CHECKED_REFERENCES.has(f.referenceEntityType) &&
			!store.get(f.referenceEntityType, Number(v))
		)
			fail(
				`Reference value on field: ${f.name} of type: ${f.referenceEntityType} does not exist or is invalid`,
			);
	}
}

type Udf = { name: string; value: string | null };

/** PATCH changes only the UDFs passed; PUT nulls the rest. */
function mergeUdfs(
	store: Store,
	model: string,
	existing: Row | undefined,
	body: Record<string, unknown>,
	mode: string,
): Udf[] {
	const key = Object.keys(body).find((k) => k.toLowerCase() === 'userdefinedfields');
	const incoming =
		key && Array.isArray(body[key]) ? (body[key] as Array<Record<string, unknown>>) : [];
	const defs = store.udfDefinitions.get(model);
	const base: Udf[] = ((existing?.userDefinedFields as Udf[] | undefined) ?? []).map((u) => ({
		...u,
		value: mode === 'replace' ? null : u.value,
	}));
	for (const u of incoming) {
		const name = String(u.name ?? u.Name ?? '');
		const def = defs?.find((d) => d.name.toLowerCase() === name.toLowerCase());
		if (defs && !def) fail(`Unable to find user-defined field ${name} in the ${model} Entity`);
		const canonical = def?.name ?? name;
		const raw = u.value ?? u.Value;
		const value = raw === null || raw === undefined ? null : String(raw);
		const hit = base.find((b) => b.name === canonical);
		if (hit) hit.value = value;
		else base.push({ name: canonical, value });
	}
	return base.filter((u) => u.value !== null || mode !== 'create');
}

const CONTENT_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	txt: 'text/plain',
	csv: 'text/csv',
	zip: 'application/zip',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Attachments carry base64 `data`, at most ~6 MB per file. */
function prepareAttachment(next: Record<string, unknown>, given: Map<string, unknown>): void {
	const data = given.get('data');
	if (typeof data !== 'string' || !data) fail('Missing Required Field: data');
	if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(data)) fail('The attachment data is not valid base64.');
	const bytes = Buffer.byteLength(data, 'base64');
	if (bytes > MAX_ATTACHMENT_BYTES)
		fail(`The attachment exceeds the maximum file size of ${MAX_ATTACHMENT_BYTES} bytes.`);
	next.data = data;
	next.fileSize = bytes;
	if (!next.attachmentType) next.attachmentType = 'FILE_ATTACHMENT';
	const ext =
		String(next.fullPath ?? '')
			.split('.')
			.pop()
			?.toLowerCase() ?? '';
	next.contentType = CONTENT_TYPES[ext] ?? 'application/octet-stream';
	if (!next.title) next.title = next.fullPath ?? 'attachment';
}

/** Values Autotask generates on create: ticket numbers, webhook GUID/owner/readiness. */
function serverDefaults(
	store: Store,
	model: string,
	next: Record<string, unknown>,
	actor: Actor,
	trusted: boolean,
): void {
	if (model === 'Ticket' && !next.ticketNumber) {
		const d = new Date();
		const day = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
		const seq = store.count('Ticket') + 1;
		next.ticketNumber = `T${day}.${String(seq).padStart(4, '0')}`;
	}
	const kind = WEBHOOK_KINDS.find((k) => k.webhookModel === model);
	if (kind) {
		const owner = (
			trusted && typeof next.ownerResourceID === 'number' ? next.ownerResourceID : actor.resourceId
		) as number | null;
		let owned = 0;
		for (const k of WEBHOOK_KINDS)
			for (const w of store.all(k.webhookModel)) if (w.ownerResourceID === owner) owned++;
		if (owned >= store.maxWebhooksPerResource)
			fail(
				`The maximum number of webhooks (${store.maxWebhooksPerResource}) for resource ${String(owner)} has been reached.`,
			);
		next.ownerResourceID = owner;
		next.webhookGUID = randomUUID();
		next.isReady = false; // becomes true once a subscribed field exists
	}
}
