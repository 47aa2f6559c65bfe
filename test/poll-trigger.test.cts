/**
 * The Autotask Poll Trigger against the sandbox: the high-water mark in static data, no record missed or
 * emitted twice across polls (shared timestamps, several pages, late commits), the first poll, user
 * conditions in the query body, and requests per poll = pages needed.
 */
import type { IDataObject } from 'n8n-workflow';

import { AutotaskPollTrigger } from '../nodes/AutotaskPollTrigger/AutotaskPollTrigger.node';
import { ENTITIES } from '../nodes/Autotask/catalog';
import { formatDate, parseDate } from '../nodes/AutotaskPollTrigger/high-water-mark';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { makeCredentials } from './helpers/n8n-context.cjs';
import { createPollHarness, type PollHarness } from './helpers/poll-context.cjs';

let sb: Sandbox;
let projectID: number;
beforeEach(async () => {
	sb = await startSandbox({ seed: 'demo' });
	projectID = (sb.admin.list('Projects')[0] as { id: number }).id;
});
afterEach(async () => sb.close());

function harness(parameters: IDataObject): PollHarness {
	return createPollHarness({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: { resource: 'task', watch: 'new', dateField: 'createDateTime', ...parameters },
	});
}

/** A task created "in the UI" with the given create date (and last activity, default the same). */
function task(createdMs: number, title = 'Poll test', activityMs = createdMs): number {
	const row = sb.admin.create('Tasks', { projectID, title, status: 1, taskType: 1 });
	row.createDateTime = formatDate(createdMs);
	row.lastActivityDateTime = formatDate(activityMs);
	return row.id;
}

/**
 * Requests of one poll: all of them (total), and those to the Tasks query (first page POST, further pages
 * GET nextPageUrl). The credential's one-time VersionInformation call (its preAuthentication, which n8n
 * stores) is not the poll's.
 */
function queries() {
	const journal = sb.journal.filter((j) => !/versioninformation/i.test(j.path));
	const q = journal.filter((j) => /\/Tasks\/query/i.test(j.path));
	return {
		total: journal.length,
		posts: q.filter((j) => j.method === 'POST'),
		gets: q.filter((j) => j.method === 'GET'),
	};
}

async function poll(h: PollHarness, mode?: 'manual') {
	sb.journal.splice(0);
	const out = await h.poll(mode);
	return { ids: out ? out[0].map((i) => i.json.id as number) : null, out, ...queries() };
}

describe('description', () => {
	const d = new AutotaskPollTrigger().description;
	it('is a polling trigger with one main output and the queryable entities as resources, sorted', () => {
		expect(d.polling).toBe(true);
		expect(d.inputs).toEqual([]);
		expect(d.name).toBe('autotaskPollTrigger');
		const resources = d.properties.find((p) => p.name === 'resource')!.options as Array<{
			name: string;
			value: string;
		}>;
		expect(resources.map((r) => r.value).sort()).toEqual(
			ENTITIES.filter((e) => e.root.includes('query'))
				.map((e) => e.value)
				.sort(),
		);
		const names = resources.map((r) => r.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('dates', () => {
	it('parses Autotask datetimes as UTC, with or without a zone or milliseconds', () => {
		expect(parseDate('2024-01-31T15:04:05.307')).toBe(Date.UTC(2024, 0, 31, 15, 4, 5, 307));
		expect(parseDate('2024-01-31T15:04:05.307Z')).toBe(Date.UTC(2024, 0, 31, 15, 4, 5, 307));
		expect(parseDate('2024-01-31T15:04:05.3070000')).toBe(Date.UTC(2024, 0, 31, 15, 4, 5, 307));
		expect(parseDate('2024-01-31T15:04:05')).toBe(Date.UTC(2024, 0, 31, 15, 4, 5));
		expect(parseDate('2024-01-31T16:04:05+01:00')).toBe(Date.UTC(2024, 0, 31, 15, 4, 5));
		expect(parseDate('2024-01-31')).toBe(Date.UTC(2024, 0, 31));
		expect(parseDate('yesterday')).toBeUndefined();
		expect(formatDate(Date.UTC(2024, 0, 31, 15, 4, 5, 307))).toBe('2024-01-31T15:04:05.307');
	});
});

describe('polling', () => {
	it('first poll emits nothing, sets the mark, and costs one request', async () => {
		const h = harness({});
		task(Date.now() - 5_000); // already there
		const before = Date.now();
		const r = await poll(h);
		expect(r.out).toBeNull();
		expect(r.total).toBe(1);
		expect(r.posts).toHaveLength(1);
		expect((r.posts[0].body as IDataObject).filter).toEqual([
			{ op: 'gte', field: 'createDateTime', value: expect.any(String) },
		]);
		expect(parseDate(h.staticData.mark)).toBeGreaterThanOrEqual(before);
	});

	it('with Emit Current Records On First Poll, the first poll emits the current records once', async () => {
		const h = harness({ emitCurrent: true });
		const all = sb.admin.list('Tasks').filter((t) => t.createDateTime);
		expect(all.length).toBeGreaterThan(0);
		const r = await poll(h);
		expect(r.ids!.sort((a, b) => a - b)).toEqual(all.map((t) => t.id).sort((a, b) => a - b));
		expect((await poll(h)).out).toBeNull();
	});

	it('a task created between polls is emitted exactly once, as the record and nothing else', async () => {
		const h = harness({});
		await poll(h);
		const id = task(Date.now());
		const r = await poll(h);
		expect(r.ids).toEqual([id]);
		expect(r.out![0][0].json).toMatchObject({ ...sb.admin.get('Tasks', id) });
		expect(Object.keys(r.out![0][0])).toEqual(['json']);
		expect(r.total).toBe(1);
		const again = await poll(h);
		expect(again.out).toBeNull();
		expect(again.total).toBe(1);
	});

	it('New or Updated Records emits a changed record once per change', async () => {
		const h = harness({ watch: 'newOrUpdated', dateField: 'lastActivityDateTime' });
		const t0 = Date.now();
		const id = task(t0 - 3_600_000, 'Old task', t0 - 3_600_000);
		await poll(h);
		sb.admin.update('Tasks', id, { title: 'Changed once' }).lastActivityDateTime = formatDate(
			Date.now(),
		);
		expect((await poll(h)).ids).toEqual([id]);
		expect((await poll(h)).ids).toBeNull();
		sb.admin.update('Tasks', id, { title: 'Changed twice' }).lastActivityDateTime = formatDate(
			Date.now() + 1,
		);
		const r = await poll(h);
		expect(r.ids).toEqual([id]);
		expect(r.out![0][0].json.title).toBe('Changed twice');
		expect((await poll(h)).ids).toBeNull();
	});

	it('New Records does not emit a record again when its date field changes', async () => {
		const h = harness({ dateField: 'lastActivityDateTime' });
		await poll(h);
		const id = task(Date.now());
		expect((await poll(h)).ids).toEqual([id]);
		sb.admin.update('Tasks', id, { title: 'Changed' }).lastActivityDateTime = formatDate(
			Date.now() + 1,
		);
		expect((await poll(h)).ids).toBeNull();
	});

	it('records sharing one timestamp split across polls are each emitted once', async () => {
		const h = harness({});
		await poll(h);
		const t = Date.now();
		const first = [task(t), task(t), task(t)];
		expect((await poll(h)).ids).toEqual(first);
		const more = [task(t), task(t)];
		expect((await poll(h)).ids).toEqual(more);
		expect((await poll(h)).ids).toBeNull();
	});

	it('a poll needing several pages reads exactly those pages and emits every record once', async () => {
		const h = harness({});
		await poll(h);
		const t = Date.now();
		const ids: number[] = [];
		for (let i = 0; i < 1_200; i++) ids.push(task(t - 1_000 + (i % 7)));
		const r = await poll(h);
		expect(r.total).toBe(3);
		expect(r.posts).toHaveLength(1);
		expect(r.gets).toHaveLength(2);
		expect(new Set(r.ids).size).toBe(1_200);
		expect([...r.ids!].sort((a, b) => a - b)).toEqual(ids);
		// The next poll reads the same window again (within the overlap) and emits nothing
		const again = await poll(h);
		expect(again.out).toBeNull();
		expect(again.total).toBe(3);
	});

	it('a record committed late with a slightly older timestamp inside the overlap is still caught once', async () => {
		const h = harness({});
		await poll(h);
		const t = Date.now();
		const a = task(t);
		expect((await poll(h)).ids).toEqual([a]);
		const late = task(t - 30_000);
		const tooLate = task(t - 10 * 60_000); // older than the overlap: outside what the poll re-reads
		const r = await poll(h);
		expect(r.ids).toEqual([late]);
		expect(r.ids).not.toContain(tooLate);
		expect((await poll(h)).ids).toBeNull();
	});

	it('a record dated in the future is emitted once and does not move the mark past now', async () => {
		const h = harness({ dateField: 'startDateTime' });
		await poll(h);
		const future = sb.admin.create('Tasks', { projectID, title: 'Future', status: 1, taskType: 1 });
		future.startDateTime = '2099-01-01T00:00:00';
		expect((await poll(h)).ids).toEqual([future.id]);
		expect(parseDate(h.staticData.mark)).toBeLessThanOrEqual(Date.now());
		const later = sb.admin.create('Tasks', { projectID, title: 'Now', status: 1, taskType: 1 });
		later.startDateTime = formatDate(Date.now());
		expect((await poll(h)).ids).toEqual([later.id]);
		expect((await poll(h)).ids).toBeNull();
	});

	it('sends the user conditions in the query body and reads metadata only when they change', async () => {
		const h = harness({ conditions: { condition: [{ field: 'status', op: 'eq', value: '1' }] } });
		sb.journal.splice(0);
		await poll(h);
		const first = sb.journal.map((j) => j.path);
		expect(first.some((p) => /entityInformation/i.test(p))).toBe(true);
		const t = Date.now();
		const open = task(t, 'Open');
		const done = sb.admin.create('Tasks', { projectID, title: 'Done', status: 5, taskType: 1 });
		done.createDateTime = formatDate(t);
		const r = await poll(h);
		expect(r.total).toBe(1);
		expect((r.posts[0].body as IDataObject).filter).toEqual([
			{ op: 'gte', field: 'createDateTime', value: expect.any(String) },
			{ op: 'eq', field: 'status', value: 1 },
		]);
		expect(r.ids).toEqual([open]);
	});

	it('starts over when the resource or date field changes', async () => {
		const h = harness({});
		await poll(h);
		task(Date.now());
		h.parameters.dateField = 'lastActivityDateTime';
		expect((await poll(h)).out).toBeNull();
		expect(h.staticData.key).toBe('Tasks|lastActivityDateTime');
	});

	it('Fetch Test Event returns the newest few records without touching the mark', async () => {
		const h = harness({});
		await poll(h);
		const saved = JSON.parse(JSON.stringify(h.staticData));
		const t = Date.now();
		const ids = Array.from({ length: 7 }, (_, i) => task(t - 60_000 + i * 1000));
		const r = await poll(h, 'manual');
		expect(r.ids).toEqual(ids.slice(2).reverse());
		expect(r.total).toBe(1);
		expect(h.staticData).toEqual(saved);
	});
});

describe('load options', () => {
	it('offers the queryable date fields, create dates first for New Records', async () => {
		const h = harness({});
		const options = await h.node.methods.loadOptions.getDateFields.call(h.loadOptions());
		const values = options.map((o) => o.value);
		expect(values).toEqual(
			expect.arrayContaining(['createDateTime', 'lastActivityDateTime', 'startDateTime']),
		);
		expect(values[0]).toBe('createDateTime');
		h.parameters.watch = 'newOrUpdated';
		const updated = await h.node.methods.loadOptions.getDateFields.call(h.loadOptions());
		expect(updated[0].value).toBe('lastActivityDateTime');
	});
});
