/**
 * `npm run bench`: request budget and wall time of the node's real execute path against the sandbox
 * (bench:N seed, a base latency per request), next to the physical limit and a naive baseline.
 *
 *   node .tooling/bench/run.cjs [--latency 150] [--tickets 10000] [--out bench/results.md]
 *     [--issue18-sizes 10000,50000] [--skip-issue18]
 *
 * Scenarios (issue 7): (a) read all tickets; (b) get 1,000 tickets by ID from 1,000 items; (c) update 300
 * tickets; (d) create 300 ticket notes; (g) create 300 tickets with company and resource by name; (e) get 5,000 tickets with picklist labels; (f) 1,000 webhook
 * callouts through the trigger. The limit is ceil(records/500) requests for reads and one per item for
 * writes, with 3 in flight; its wall time is requests x latency / 3. The naive baseline sends one request
 * per item, one at a time (its wall time is requests x latency, computed, not run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { AutotaskPollTrigger } from '../nodes/AutotaskPollTrigger/AutotaskPollTrigger.node';
import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { CACHE_DIR, N8N_VERSION } from '../scripts/n8n/harness.cjs';
import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	createExecuteContext,
	makeCredentials,
	autotaskNode,
} from '../test/helpers/n8n-context.cjs';
import { createTriggerHarness } from '../test/helpers/trigger-context.cjs';
import { issue18Lines } from './issue18.cjs';

interface Row {
	scenario: string;
	requests: number;
	metadata: number;
	limit: number;
	wallMs: number;
	limitWallMs: number;
	peakMb: number;
	naiveRequests: number;
	naiveWallMs: number;
	note?: string;
}

function arg(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

const latency = Number(arg('latency', '150'));
const tickets = Number(arg('tickets', '10000'));
const outFile = arg('out', join(__dirname, '..', '..', 'bench', 'results.md'));

/** Peak RSS while fn runs, sampled every 20 ms. */
async function measured<T>(
	fn: () => Promise<T>,
): Promise<{ value: T; ms: number; peakMb: number }> {
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	const start = process.hrtime.bigint();
	try {
		const value = await fn();
		peak = Math.max(peak, process.memoryUsage.rss());
		return { value, ms: Number(process.hrtime.bigint() - start) / 1e6, peakMb: peak / 1048576 };
	} finally {
		clearInterval(timer);
	}
}

type Scenario = (
	name: string,
	limit: number,
	naiveRequests: number,
	expectItems: number,
	count: number,
	parameters: (i: number) => IDataObject,
) => Promise<void>;

/**
 * (g) 300 tickets whose company (50 names) and resource (an email) are given by name: the names of
 * all items are looked up together, one query per referenced entity, before the creates.
 */
async function createByName(scenario: Scenario, rows: Row[]): Promise<void> {
	await scenario(
		'(g) create 300 tickets with company and resource by name',
		300 + 2 + 1,
		300 + 2 * 300,
		300,
		300,
		(i) => ({
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: {
					title: `Bench by name ${i}`,
					companyID: `bench company ${(i % 50) + 1}`,
					assignedResourceID: 'api-user@sandbox.example',
					assignedResourceRoleID: 1,
					status: 'New',
					priority: 'High',
				},
			},
		}),
	);
	rows[rows.length - 1].note =
		'limit: 300 creates + 2 name lookups (Companies, Resources: every item in one query each) + the read-back query; naive looks up each name per item';
}

async function main() {
	const sb: Sandbox = await startSandbox({
		seed: `bench:${tickets}`,
		latencyMs: latency,
		hourlyLimit: 1_000_000,
	});
	const credentials = makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });
	const apiCalls = () => sb.journal.filter((j) => j.headers.username !== undefined).length;
	const ticketIds = [...sb.store.all('Ticket')].map((t) => Number(t.id));
	const rows: Row[] = [];

	async function node(
		count: number,
		parameters: (i: number) => IDataObject,
	): Promise<INodeExecutionData[]> {
		const ctx = createExecuteContext({
			credentials,
			parameters: (name: string, i: number) => {
				let v: unknown = parameters(i);
				for (const p of name.split('.'))
					v = v && typeof v === 'object' ? (v as IDataObject)[p] : undefined;
				return v;
			},
			items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		});
		return (await autotaskNode().execute.call(ctx))[0];
	}

	async function scenario(
		name: string,
		limit: number,
		naiveRequests: number,
		expectItems: number,
		count: number,
		parameters: (i: number) => IDataObject,
	) {
		await node(1, () => ({ resource: 'api', operation: 'versionInformation' })); // zone resolved, connection warm
		sb.journal.splice(0);
		const { value, ms, peakMb } = await measured(() => node(count, parameters));
		if (value.length !== expectItems)
			throw new Error(`${name}: ${value.length} items, expected ${expectItems}`);
		const requests = apiCalls();
		const metadata = sb.journal.filter(
			(j) => j.headers.username !== undefined && /entityInformation/i.test(j.path),
		).length;
		rows.push({
			scenario: name,
			requests,
			metadata,
			limit,
			wallMs: ms,
			limitWallMs: (limit * latency) / 3,
			peakMb,
			naiveRequests,
			naiveWallMs: naiveRequests * latency,
		});
		process.stdout.write(`${name}: ${requests} requests, ${(ms / 1000).toFixed(2)} s\n`);
	}

	const pages = (n: number) => Math.ceil(n / 500);
	await scenario(`(a) read all ${tickets} tickets`, pages(tickets), tickets, tickets, 1, () => ({
		resource: 'ticket',
		operation: 'getMany',
		returnAll: true,
	}));
	rows[rows.length - 1].note =
		'the 2 metadata reads (fields, UDFs) add the picklist labels, on by default';
	await scenario(
		'(b) get 1,000 tickets by ID from 1,000 items',
		pages(1000),
		1000,
		1000,
		1000,
		(i) => ({
			resource: 'ticket',
			operation: 'get',
			id: { __rl: true, mode: 'id', value: String(ticketIds[(i * 7) % ticketIds.length]) },
		}),
	);
	rows[rows.length - 1].note = 'picklist labels from the metadata kept since (a): no metadata read';
	await scenario('(c) update 300 tickets', 300 + pages(300), 300, 300, 300, (i) => ({
		resource: 'ticket',
		operation: 'update',
		id: String(ticketIds[i]),
		fields: { mappingMode: 'defineBelow', value: { priority: 1 + (i % 3) } },
	}));
	rows[rows.length - 1].note =
		'limit includes the one query that reads the 300 written records back (the output); the written fields are checked against metadata before anything is sent (kept since (a); ticket notes read theirs once)';
	await scenario('(d) create 300 ticket notes', 300 + pages(300), 300, 300, 300, (i) => ({
		resource: 'ticketNote',
		operation: 'create',
		parentId: { __rl: true, mode: 'id', value: String(ticketIds[i]) },
		fields: {
			mappingMode: 'defineBelow',
			value: { title: `Bench ${i}`, description: 'Benchmark note', noteType: 1, publish: 1 },
		},
	}));
	rows[rows.length - 1].note = rows[rows.length - 2].note;
	await createByName(scenario, rows);
	const labelled = Math.min(5000, tickets);
	await scenario(
		`(e) get ${labelled} tickets with picklist labels`,
		pages(labelled) + 2,
		labelled,
		labelled,
		1,
		() => ({
			resource: 'ticket',
			operation: 'getMany',
			returnAll: false,
			limit: labelled,
			outputOptions: { addPicklistLabels: true },
		}),
	);
	rows[rows.length - 1].note =
		'a Limit over 1,000 reads ID ranges; the labels come from the metadata kept since (a)';
	await upsertContacts(sb, node, scenario, rows);

	// (f) 1,000 callouts: the trigger's own work per callout (signature, repeat check, item), not the network.
	sb.settings.latencyMs = 0;
	sb.webhooks.timeScale = 0.001;
	const harness = await createTriggerHarness({
		credentials,
		parameters: { entity: 'ticket', events: ['updated'], options: {} },
	});
	let triggerNs = 0n;
	const original = harness.node.webhook;
	harness.node.webhook = async function (this: IWebhookFunctions) {
		const start = process.hrtime.bigint();
		try {
			return await original.call(this);
		} finally {
			triggerNs += process.hrtime.bigint() - start;
		}
	} as typeof harness.node.webhook;
	const webhookFields = await harness.node.methods.loadOptions.getWebhookFields.call(
		harness.loadOptions(),
	);
	harness.parameters.subscribedFields = webhookFields
		.filter((f) => ['status', 'priority'].includes(String(f.description)))
		.map((f) => f.value);
	await harness.node.webhookMethods.default.create.call(harness.hooks());
	const callouts = 1000;
	sb.journal.splice(0);
	const f = await measured(async () => {
		for (let n = 0; n < callouts; n++) {
			// Each update changes a subscribed field, so each one is a callout.
			const id = ticketIds[n % ticketIds.length];
			const priority = (Number(sb.store.get('Ticket', id)?.priority ?? 0) % 3) + 1;
			sb.admin.update('Tickets', id, { priority }, { personId: 29682886 });
		}
		await sb.webhooks.idle();
	});
	const started = harness.outputs.length;
	await harness.node.webhookMethods.default.delete.call(harness.hooks());
	await harness.close();
	rows.push({
		scenario: `(f) ${callouts} webhook callouts through the trigger`,
		requests: 0,
		metadata: 0,
		limit: 0,
		wallMs: f.ms,
		limitWallMs: 0,
		peakMb: f.peakMb,
		naiveRequests: 0,
		naiveWallMs: 0,
		note: `${started} executions started; trigger work ${(Number(triggerNs) / 1e6 / callouts).toFixed(3)} ms per callout`,
	});
	await sb.close();

	const description = Buffer.byteLength(JSON.stringify(autotaskNode().description));
	const weight = nodesJsonWeight();
	const load = packageLoadMs();

	const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
	const lines = [
		`# Benchmark (${new Date().toISOString().slice(0, 10)})`,
		'',
		`Sandbox \`bench:${tickets}\`, ${latency} ms base latency per request, Node ${process.version}, ${cpus().length} cores.`,
		'Limit: ceil(records/500) requests for reads, one per item for writes; its wall time is requests x latency / 3 (3 in flight).',
		'Naive: one request per item, one at a time (wall time computed as requests x latency).',
		'Metadata: entityInformation reads (fields, UDFs) for picklist labels and the check of written fields; kept in the process for 15 minutes (issue 18), so the rows after (a) find them kept.',
		'Get Many with Return All (or a Limit over 1,000) reads up to 3 ID ranges at once (issue 18): a first page and a count sent together, then the ranges.',
		'',
		'| scenario | requests | of which metadata | limit | wall time | limit wall time | wall / limit | peak RSS | naive requests | naive wall time | note |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
		...rows.map(
			(r) =>
				`| ${r.scenario} | ${r.requests} | ${r.metadata} | ${r.limit} | ${fmt(r.wallMs)} | ${r.limitWallMs ? fmt(r.limitWallMs) : '-'} | ${
					r.limitWallMs ? (r.wallMs / r.limitWallMs).toFixed(2) + 'x' : '-'
				} | ${r.peakMb.toFixed(0)} MB | ${r.naiveRequests || '-'} | ${r.naiveWallMs ? fmt(r.naiveWallMs) : '-'} | ${r.note ?? ''} |`,
		),
		'',
		`Node description: ${(description / 1024).toFixed(1)} KB (limit 250 KB).`,
		`Weight in n8n's GET /types/nodes.json: ${weight}.`,
		`Package load (n8n-core's PackageDirectoryLoader on dist/, as n8n loads a community package, cold process): ${load}.`,
		'',
	];
	if (!process.argv.includes('--skip-issue18')) {
		const sizes = arg('issue18-sizes', '10000,50000').split(',').map(Number);
		lines.push(...issue18Lines(latency, sizes), '');
	}
	const table = lines.join('\n');
	process.stdout.write(`\n${table}`);
	mkdirSync(dirname(outFile), { recursive: true });
	writeFileSync(outFile, table);
	process.stdout.write(`written to ${outFile}\n`);
}

type NodeRun = (
	count: number,
	parameters: (i: number) => IDataObject,
) => Promise<INodeExecutionData[]>;
/**
 * (h) Create or Update of 300 company contacts matched on their email, 150 of them existing (created by
 * an unmeasured run first). Limit: one `in` query per 500 items, 300 writes, one read-back per 500;
 * naive: a lookup and a write per item.
 */
async function upsertContacts(sb: Sandbox, node: NodeRun, scenario: Scenario, rows: Row[]) {
	const company = String([...sb.store.all('Company')][0].id);
	const parameters = (i: number) => ({
		resource: 'companyContact',
		operation: 'createOrUpdate',
		parentId: { __rl: true, mode: 'id', value: company },
		matchOn: ['emailAddress'],
		fields: {
			mappingMode: 'defineBelow',
			value: {
				firstName: 'Bench',
				lastName: `Contact ${i}`,
				emailAddress: `bench.${i}@upsert.example`,
				isActive: 1,
			},
		},
	});
	await node(150, parameters);
	const pages = Math.ceil(300 / 500);
	await scenario(
		'(h) upsert 300 contacts (half new, half existing)',
		pages + 300 + pages,
		600,
		300,
		300,
		parameters,
	);
	rows[rows.length - 1].note =
		'Create or Update matched on email: limit is one `in` query per 500 items, the 300 creates and updates, one read-back query';
}

/**
 * What this package adds to n8n's GET /types/nodes.json: the three node descriptions plus the Tool
 * variant n8n makes of the Autotask node (with n8n 2.41.1's own convertNodeToAiTool, from the
 * end-to-end cache), as JSON.
 */
function nodesJsonWeight(): string {
	const converter = join(
		CACHE_DIR,
		`n8n-${N8N_VERSION}`,
		'node_modules',
		'n8n',
		'dist',
		'tool-generation',
		'ai-tools.js',
	);
	if (!existsSync(converter))
		return `not measured (n8n ${N8N_VERSION} is not in ${CACHE_DIR}: node .tooling/scripts/n8n/cli.cjs install)`;
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the n8n install, found at run time
	const { convertNodeToAiTool } = require(converter) as {
		convertNodeToAiTool: (item: { description: unknown }) => { description: unknown };
	};
	const action = autotaskNode().description;
	const tool = convertNodeToAiTool({ description: structuredClone(action) }).description;
	const all = [
		action,
		tool,
		new AutotaskTrigger().description,
		new AutotaskPollTrigger().description,
	];
	const kb = (v: unknown) => `${(Buffer.byteLength(JSON.stringify(v)) / 1024).toFixed(1)} KB`;
	return `${kb(all)} (Autotask ${kb(action)}, Autotask Tool ${kb(tool)}, the two triggers ${kb(all.slice(2))})`;
}

/** How long n8n-core's package loader takes to load this package's nodes and credentials, in a fresh process. */
function packageLoadMs(): string {
	const root = join(__dirname, '..', '..');
	const script = `
		const { PackageDirectoryLoader } = require('n8n-core');
		const t = process.hrtime.bigint();
		const loader = new PackageDirectoryLoader(${JSON.stringify(root)});
		loader.loadAll().then(() => {
			const ms = Number(process.hrtime.bigint() - t) / 1e6;
			console.log(JSON.stringify({ ms, nodes: Object.keys(loader.nodeTypes), credentials: Object.keys(loader.credentialTypes) }));
		}).catch((e) => { console.log(JSON.stringify({ error: String(e) })); });`;
	try {
		const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
		const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
			ms?: number;
			nodes?: string[];
			error?: string;
		};
		if (r.error) return `not measured (${r.error})`;
		return `${r.ms!.toFixed(0)} ms for ${r.nodes!.length} nodes (${r.nodes!.join(', ')})`;
	} catch (error) {
		return `not measured (${(error as Error).message.split('\n')[0]})`;
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
