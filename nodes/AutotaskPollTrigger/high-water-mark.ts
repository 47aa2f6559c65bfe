import type { IDataObject } from 'n8n-workflow';

/**
 * Records committed late can carry a timestamp slightly older than the newest one already seen; every poll
 * re-reads this much before the mark and drops what it already emitted.
 */
export const OVERLAP_MS = 60_000;

export type Watch = 'new' | 'newOrUpdated';

/** What the node keeps in its static data between polls. */
export interface MarkState extends IDataObject {
	/** resource|dateField the mark belongs to; a change starts over like a first poll */
	key: string;
	/** Greatest date seen (Autotask format, UTC, no zone) */
	mark: string;
	/** id → date (normalised) of the records emitted or skipped with a date at or after mark - overlap */
	seen: IDataObject;
}

const DATE_RE =
	/^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i;

/** Parses an Autotask datetime (UTC when it has no zone, as Autotask returns them) to epoch ms. */
export function parseDate(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = DATE_RE.exec(value.trim());
	if (!m) return undefined;
	const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
	let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
	const zone = m[8];
	if (zone && zone.toUpperCase() !== 'Z') {
		const z = /([+-])(\d\d):?(\d\d)/.exec(zone)!;
		const offset = (+z[2] * 60 + +z[3]) * 60_000;
		t -= z[1] === '+' ? offset : -offset;
	}
	return Number.isFinite(t) ? t : undefined;
}

/** Autotask's own datetime format: ISO in UTC without a zone suffix, e.g. 2024-01-31T15:04:05.307 */
export function formatDate(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '');
}

/** The record's value for the date field (metadata and record names may differ in case). */
export function dateOf(record: IDataObject, dateField: string): number | undefined {
	if (dateField in record) return parseDate(record[dateField]);
	const lower = dateField.toLowerCase();
	const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return key === undefined ? undefined : parseDate(record[key]);
}

/** The lower bound of the next query: the mark minus the overlap. */
export function lowerBound(state: MarkState): string {
	return formatDate((parseDate(state.mark) ?? 0) - OVERLAP_MS);
}

export interface PollOutcome {
	/** Records to emit, oldest first */
	emit: IDataObject[];
	state: MarkState;
}

function keep(seen: IDataObject, mark: number): IDataObject {
	const out: IDataObject = {};
	for (const [id, date] of Object.entries(seen)) {
		const t = parseDate(date);
		if (t !== undefined && t >= mark - OVERLAP_MS) out[id] = date;
	}
	return out;
}

/**
 * One poll's bookkeeping. Emits records whose id (New Records) or id and date (New or Updated Records) was
 * not emitted before, moves the mark to the greatest date read (never backwards, never past now, so a
 * record dated in the future cannot make later ones look old), and keeps in `seen` exactly the records the
 * next query can return again (date >= new mark - overlap).
 *
 * `first` (no state, or state for another resource or date field): the mark starts at the poll time and
 * everything read is taken as already known (nothing emitted), unless `emitCurrent` asks for the current
 * records.
 */
export function applyPoll(
	previous: MarkState | undefined,
	key: string,
	records: IDataObject[],
	options: { dateField: string; watch: Watch; now: number; emitCurrent?: boolean },
): PollOutcome {
	const first = !previous || previous.key !== key;
	const oldMark = first ? options.now : (parseDate(previous.mark) ?? options.now);
	const seen: IDataObject = first ? {} : { ...previous.seen };
	const dated: Array<{ record: IDataObject; id: string; t: number; date: string }> = [];
	for (const record of records) {
		const t = dateOf(record, options.dateField);
		if (t === undefined || record.id === undefined || record.id === null) continue;
		dated.push({ record, id: String(record.id), t, date: formatDate(t) });
	}
	dated.sort((a, b) => a.t - b.t || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));

	const emit: IDataObject[] = [];
	let greatest = oldMark;
	for (const r of dated) {
		const known = options.watch === 'new' ? r.id in seen : seen[r.id] === r.date;
		if (!known && (!first || options.emitCurrent)) emit.push(r.record);
		seen[r.id] = r.date;
		if (r.t > greatest) greatest = r.t;
	}
	const newMark = Math.max(oldMark, Math.min(greatest, options.now));
	return { emit, state: { key, mark: formatDate(newMark), seen: keep(seen, newMark) } };
}
