/**
 * Issue 18 point 2: field and UDF metadata read once per process (per credential, zone and entity), for
 * 15 minutes and 200 entries at most; read again at once when Autotask, or the node's own check on
 * cached metadata, refuses a field or picklist value, and whenever the editor asks.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	cachedMetadata,
	clearMetadataCache,
	credentialKey,
	metadataCacheSettings,
	metadataCacheSize,
	storeMetadata,
} from '../nodes/Autotask/helpers/metadata-cache';
import { getQueryFields } from '../nodes/Autotask/v1/methods/loadOptions';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { autotaskNode, createExecuteContext, makeCredentials } from './helpers/n8n-context.cjs';

let sb: Sandbox;
let clock = 1_000_000;
const savedSettings = { ...metadataCacheSettings };
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
	metadataCacheSettings.now = () => clock;
});
afterAll(async () => {
	Object.assign(metadataCacheSettings, savedSettings);
	await sb.close();
});
beforeEach(() => {
	clearMetadataCache();
	sb.journal.splice(0);
	sb.faults.clear();
});

function context(server: Sandbox, parameters: IDataObject, items = 1) {
	return createExecuteContext({
		credentials: makeCredentials({
			...server.credentials,
			zone: 'custom',
			customUrl: server.baseUrl,
		}),
		parameters: (name: string) =>
			name.split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], parameters),
		items: Array.from({ length: items }, () => ({ json: {} })),
	});
}
function run(parameters: IDataObject, items = 1, server = sb): Promise<INodeExecutionData[]> {
	return autotaskNode()
		.execute.call(context(server, parameters, items))
		.then(([out]) => out);
}
const requests = (server = sb) =>
	server.journal.filter((j) => !/versioninformation/i.test(j.path)).length;
const metadataReads = (server = sb) =>
	server.journal.filter((j) => /entityInformation/i.test(j.path)).length;
const companyIds = () =>
	[...sb.store.all('Company')]
		.map((c) => Number(c.id))
		.filter((id) => id > 0)
		.slice(0, 3);

const update = (value: IDataObject): IDataObject => ({
	resource: 'company',
	operation: 'update',
	fields: { mappingMode: 'defineBelow', value },
});

describe('request counts, cold and warm', () => {
	it('writes of N items: cold N + 2 metadata + 1 read-back, warm N + 1 read-back', async () => {
		const [id] = companyIds();
		const runUpdates = () => run({ ...update({ phone: '555-0100' }), id: String(id) }, 3);
		await runUpdates();
		expect(metadataReads()).toBe(2);
		expect(requests()).toBe(3 + 2 + 1);
		sb.journal.splice(0);
		await runUpdates();
		expect(metadataReads()).toBe(0);
		expect(requests()).toBe(3 + 1);
	});

	it('picklist labels on Get Many: cold 2 metadata reads, warm 0 extra requests', async () => {
		const getMany = { resource: 'ticket', operation: 'getMany', returnAll: true };
		const out = await run(getMany);
		expect(out[0].json.status_label).toBeDefined();
		// the read: its one page and the count sent with it (Return All)
		expect(requests()).toBe(2 + 2);
		sb.journal.splice(0);
		const warm = await run(getMany);
		expect(warm[0].json.status_label).toBe(out[0].json.status_label);
		expect(requests()).toBe(2);
	});
});

describe('staleness', () => {
	it('a UDF added in Autotask after the cache was filled: the check refuses, reads fresh metadata once, and the write goes through', async () => {
		const [id] = companyIds();
		await run({ ...update({ phone: '555-0101' }), id: String(id) });
		const defs = sb.store.udfDefinitions.get('Company')!;
		defs.push({ id: 98, name: 'Renewal Month', type: 'string' });
		try {
			sb.journal.splice(0);
			const out = await run({ ...update({ 'udf:Renewal Month': 'May' }), id: String(id) });
			expect(out).toHaveLength(1);
			expect(metadataReads()).toBe(2); // fields and UDFs, once
			expect(sb.journal.filter((j) => j.method === 'PATCH')).toHaveLength(1);
		} finally {
			defs.splice(defs.length - 1, 1);
		}
	});

	it("Autotask's refusal of an unknown field empties the credential's cache: the next execution reads fresh", async () => {
		const [id] = companyIds();
		await run({ ...update({ phone: '555-0102' }), id: String(id) });
		expect(metadataCacheSize()).toBe(1);
		sb.faults.add({
			method: 'PATCH',
			path: '/V1\\.0/Companies$',
			action: 'status',
			status: 500,
			body: { errors: ['Unable to find phone in the Account Entity.'] },
			count: 1,
		});
		await expect(run({ ...update({ phone: '555-0103' }), id: String(id) })).rejects.toThrow(
			/Unable to find phone/,
		);
		expect(metadataCacheSize()).toBe(0);
		sb.journal.splice(0);
		await run({ ...update({ phone: '555-0104' }), id: String(id) });
		expect(metadataReads()).toBe(2);
	});

	it('within one execution: after such a refusal the next item reads the metadata fresh, once', async () => {
		const [id] = companyIds();
		await run({ ...update({ phone: '555-0105' }), id: String(id) });
		sb.faults.add({
			method: 'PATCH',
			path: '/V1\\.0/Companies$',
			action: 'status',
			status: 500,
			body: { errors: ['Unable to find phone in the Account Entity.'] },
			count: 1,
		});
		sb.journal.splice(0);
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
			parameters: (name: string) =>
				name.split('.').reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], {
					...update({ phone: '555-0106' }),
					id: String(id),
				}),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: true,
		});
		const [out] = await autotaskNode().execute.call(ctx);
		expect(out[0].json.error).toMatch(/Unable to find phone/);
		expect(out.slice(1).every((o) => o.json.error === undefined)).toBe(true);
		expect(metadataReads()).toBe(2);
	});

	it('an entry older than 15 minutes is read again (injected clock, no timer)', async () => {
		const getMany = { resource: 'ticket', operation: 'getMany', returnAll: true };
		await run(getMany);
		clock += 15 * 60_000 - 1;
		sb.journal.splice(0);
		await run(getMany);
		expect(metadataReads()).toBe(0);
		clock += 1;
		await run(getMany);
		expect(metadataReads()).toBe(2);
	});

	it('the editor always reads fresh metadata and updates the cache', async () => {
		const getMany = { resource: 'ticket', operation: 'getMany', returnAll: true };
		await run(getMany);
		clock += 10 * 60_000;
		sb.journal.splice(0);
		const ctx = context(sb, { resource: 'ticket' }) as unknown as ILoadOptionsFunctions;
		const options = await getQueryFields.call(ctx);
		expect(options.length).toBeGreaterThan(10);
		expect(metadataReads()).toBe(2);
		sb.journal.splice(0);
		clock += 6 * 60_000; // 16 minutes after the execution's read, 6 after the editor's
		await run(getMany);
		expect(metadataReads()).toBe(0);
	});
});

describe('bounds and keys', () => {
	it('keeps at most maxEntries, dropping the least recently used', () => {
		metadataCacheSettings.maxEntries = 2;
		try {
			storeMetadata('k', 'A', 1);
			storeMetadata('k', 'B', 2);
			expect(cachedMetadata('k', 'A')).toBe(1); // A is now the most recent
			storeMetadata('k', 'C', 3);
			expect(cachedMetadata('k', 'B')).toBeUndefined();
			expect(cachedMetadata('k', 'A')).toBe(1);
			expect(cachedMetadata('k', 'C')).toBe(3);
		} finally {
			metadataCacheSettings.maxEntries = savedSettings.maxEntries;
		}
	});

	it('keys name the credential by a hash of username and zone: no secret, no username in them', () => {
		const a = credentialKey({
			username: 'a@x.example',
			secret: 's3cret',
			zone: 'webservices2.autotask.net',
		});
		const b = credentialKey({
			username: 'b@x.example',
			secret: 's3cret',
			zone: 'webservices2.autotask.net',
		});
		const c = credentialKey({
			username: 'a@x.example',
			secret: 's3cret',
			zone: 'webservices5.autotask.net',
		});
		expect(new Set([a, b, c]).size).toBe(3);
		expect(a).toMatch(/^[0-9a-f]{24}$/);
		expect(a).not.toContain('s3cret');
	});

	it('two credentials (another zone) never share entries: each reads its own metadata', async () => {
		const other = await startSandbox({ seed: 'demo' });
		try {
			const getMany = { resource: 'ticket', operation: 'getMany', returnAll: true };
			await run(getMany);
			await run(getMany, 1, other);
			expect(metadataReads(other)).toBe(2);
			expect(metadataCacheSize()).toBe(2);
		} finally {
			await other.close();
		}
	});
});
