/**
 * Issue 18 rows of `npm run bench`: Get Many read as 3 ID ranges against one cursor (10,000 and 50,000
 * tickets, with and without 10% faults), writes and picklist labels with the metadata cache cold and
 * warm. Each scenario runs in a fresh Node process (its own sandbox), so its peak RSS is its own.
 *
 *   node .tooling/bench/issue18.cjs --child read --tickets 10000 --latency 100 --mode ranges [--faults]
 */
import { execFileSync, spawn as spawnChild } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { clearMetadataCache } from '../nodes/Autotask/helpers/metadata-cache';
import { transportSettings } from '../nodes/Autotask/transport';
import type { FaultRule } from '../sandbox/faults.cjs';
import {
	autotaskNode,
	createExecuteContext,
	makeCredentials,
} from '../test/helpers/n8n-context.cjs';

interface Measure {
	requests: number;
	metadata: number;
	ms: number;
	peakMb: number;
	exact: boolean;
	faults: number;
}

function arg(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : fallback;
}

/**
 * The sandbox in a process of its own, as Autotask is on another machine: the node's CPU and memory are
 * measured alone. Driven through its admin HTTP API.
 */
interface Remote {
	baseUrl: string;
	credentials: { username: string; secret: string; integrationCode: string };
	admin: (method: string, path: string, body?: unknown) => Promise<IDataObject>;
	close: () => void;
}

async function remoteSandbox(seed: string, latencyMs: number): Promise<Remote> {
	const cli = join(__dirname, '..', 'sandbox', 'cli.cjs');
	const args = ['--seed', seed, '--port', '0', '--latency', String(latencyMs)];
	const proc = spawnChild(process.execPath, [cli, ...args, '--hourly-limit', '1000000']);
	const origin = await new Promise<string>((resolve, reject) => {
		let text = '';
		proc.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString();
			const m = /Admin API:\s+(http:\/\/[^/\s]+)/.exec(text);
			if (m) resolve(m[1]);
		});
		proc.on('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
	});
	const admin = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${origin}/__sandbox/${path}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return (await res.json()) as IDataObject;
	};
	const info = (await admin('GET', 'info')) as Remote['credentials'] & { baseUrl: string };
	return { baseUrl: info.baseUrl, credentials: info, admin, close: () => proc.kill() };
}

async function measure(sb: Remote, fn: () => Promise<boolean>): Promise<Measure> {
	await sb.admin('DELETE', 'journal');
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	const start = process.hrtime.bigint();
	try {
		const exact = await fn();
		const ms = Number(process.hrtime.bigint() - start) / 1e6;
		peak = Math.max(peak, process.memoryUsage.rss());
		const entries = (await sb.admin('GET', 'journal')).entries as Array<{
			path: string;
			headers: IDataObject;
		}>;
		const api = entries.filter((j) => j.headers.username !== undefined);
		const rules = (await sb.admin('GET', 'faults')).faults as Array<{ fired: number }> | undefined;
		return {
			requests: api.length,
			metadata: api.filter((j) => /entityInformation/i.test(j.path)).length,
			ms,
			peakMb: peak / 1048576,
			exact,
			faults: (rules ?? []).reduce((sum, f) => sum + f.fired, 0),
		};
	} finally {
		clearInterval(timer);
	}
}

function runner(sb: Remote) {
	const credentials = makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl });
	return async (count: number, parameters: (i: number) => IDataObject) => {
		const ctx = createExecuteContext({
			credentials,
			parameters: (name: string, i: number) =>
				name
					.split('.')
					.reduce<unknown>((v, k) => (v as IDataObject | undefined)?.[k], parameters(i)),
			items: Array.from({ length: count }, (_, n) => ({ json: { n } })),
		});
		return (await autotaskNode().execute.call(ctx))[0] as INodeExecutionData[];
	};
}

const FAULTS: Array<Pick<FaultRule, 'action' | 'status' | 'retryAfter'>> = [
	{ action: 'rate-limit', retryAfter: 0 },
	{ action: 'thread-limit' },
	{ action: 'status', status: 500 },
	{ action: 'reset' },
	{ action: 'hang' },
];

async function child(): Promise<Measure[]> {
	const kind = arg('child', 'read');
	const tickets = Number(arg('tickets', '10000'));
	const latencyMs = Number(arg('latency', '100'));
	// A hang is given up after 1.5 s (not 120 s), retries back off from 50 ms: the bench measures the read.
	Object.assign(transportSettings, { baseDelayMs: 50, maxDelayMs: 400, timeoutMs: 1500 });
	const sb = await remoteSandbox(`bench:${tickets}`, latencyMs);
	const node = runner(sb);
	await node(1, () => ({ resource: 'api', operation: 'versionInformation' })); // zone resolved
	// bench:N numbers its tickets from 7001 (sandbox/seeds.cts)
	const ids = Array.from({ length: tickets }, (_, n) => 7001 + n);
	try {
		if (kind === 'read') {
			if (process.argv.includes('--faults')) {
				const share = 1 - Math.pow(0.9, 1 / FAULTS.length);
				for (const [n, k] of FAULTS.entries())
					await sb.admin('POST', 'faults', {
						path: '/V1\\.0/Tickets/query',
						...k,
						fraction: share,
						seed: 31 + n,
					});
			}
			const oneCursor = arg('mode', 'ranges') === 'cursor';
			return [
				await measure(sb, async () => {
					const out = await node(1, () => ({
						resource: 'ticket',
						operation: 'getMany',
						returnAll: true,
						outputOptions: { addPicklistLabels: false, readPagesOneAtATime: oneCursor },
					}));
					return out.length === ids.length && out.every((o, n) => o.json.id === ids[n]);
				}),
			];
		}
		const items = Number(arg('items', '50'));
		const parameters =
			kind === 'writes'
				? (i: number) => ({
						resource: 'ticket',
						operation: 'update',
						id: String(ids[i]),
						fields: { mappingMode: 'defineBelow', value: { priority: 1 + (i % 3) } },
					})
				: () => ({ resource: 'ticket', operation: 'getMany', limit: items });
		const count = kind === 'writes' ? items : 1;
		clearMetadataCache();
		const cold = await measure(sb, async () => (await node(count, parameters)).length === items);
		const warm = await measure(sb, async () => (await node(count, parameters)).length === items);
		return [cold, warm];
	} finally {
		sb.close();
	}
}

function spawn(args: string[]): Measure[] {
	const out = execFileSync(process.execPath, [__filename, ...args], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(out.trim().split('\n').pop() ?? '[]') as Measure[];
}

const loadText = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(', ');
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const pages = (n: number) => Math.ceil(n / 500);

function readRow(label: string, n: number, latency: number, m: Measure): string {
	const sequential = pages(n) * latency;
	const parallel = sequential / 3;
	const requests = m.faults
		? `${m.requests} (${m.requests - m.faults} + ${m.faults} failed)`
		: m.requests;
	return `| ${label} | ${requests} | ${pages(n) + 3} | ${fmt(m.ms)} | ${fmt(sequential)} | ${(m.ms / sequential).toFixed(2)}x | ${fmt(parallel)} | ${(m.ms / parallel).toFixed(2)}x | ${m.peakMb.toFixed(0)} MB | ${m.faults} | ${m.exact ? 'yes' : '**no**'} |`;
}

/** The issue 18 section of bench/results.md. */
export function issue18Lines(latency: number, sizes: number[]): string[] {
	const lines = [
		'',
		`## Issue 18: ID ranges, metadata cache (${latency} ms latency, each row in a fresh process)`,
		'',
		'Reads: picklist labels off (metadata is the next table). Sequential limit: ceil(N/500) x latency, one page after another; 3-parallel limit: that / 3. Request limit: ceil(N/500) + 3 (first page, count, and at most one extra page per range). 10% faults: the 5 kinds of test/faults.test.cts on ~2.1% of queries each, a hang given up after 1.5 s; every failed request costs one more, so the limit applies to the answered ones. The sandbox runs in its own process on the same 2 cores; its latency runs from a request’s arrival to its answer with its own work done within it, so 3 requests in flight overlap as on Autotask’s servers. A ranges read needs at least 8 round trips for 10,000 records (the first page with the count, then 19 pages in ranges of 7, 6 and 6): 1.2x of the 3-parallel limit before any CPU; the node’s own work per page (n8n’s HTTP request and JSON parse, ~12 ms on this machine) adds to each round trip of a range. Wall times depend on what else runs on the 2 cores: the load average when the table was made is printed below it.',
		'',
		'| read | requests | request limit | wall time | sequential limit | wall / seq. limit | 3-parallel limit | wall / par. limit | peak RSS | faults | exact |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
	];
	const loadBefore = loadText();
	for (const n of sizes) {
		const base = ['--child', 'read', '--tickets', String(n), '--latency', String(latency)];
		for (const [label, extra] of [
			[`${n} tickets, one cursor (Read Pages One at a Time)`, ['--mode', 'cursor']],
			[`${n} tickets, 3 ID ranges`, ['--mode', 'ranges']],
			[`${n} tickets, 3 ID ranges, 10% faults`, ['--mode', 'ranges', '--faults']],
		] as Array<[string, string[]]>) {
			const [m] = spawn([...base, ...extra]);
			lines.push(readRow(label, n, latency, m));
			process.stdout.write(`issue 18: ${label}: ${m.requests} requests, ${fmt(m.ms)}\n`);
		}
	}
	lines.push(
		'',
		`Load average (1, 5, 15 min) on the 2 cores: ${loadBefore} before the reads, ${loadText()} after.`,
		'',
		'Metadata cache: the warm run follows the cold one in the same process (its RSS includes what the cold run left).',
		'',
		'| metadata cache | requests | of which metadata | target | wall time | peak RSS |',
		'|---|---:|---:|---:|---:|---:|',
	);
	for (const [kind, items] of [
		['writes', 50],
		['writes', 300],
		['labels', 5000],
	] as Array<[string, number]>) {
		const [cold, warm] = spawn([
			'--child',
			kind,
			'--items',
			String(items),
			'--tickets',
			'5000',
			'--latency',
			String(latency),
		]);
		const what =
			kind === 'writes' ? `update ${items} tickets` : `Get Many ${items} tickets, labels`;
		const target = kind === 'writes' ? items + pages(items) : pages(items) + 3;
		for (const [state, m] of [
			['cold', cold],
			['warm', warm],
		] as Array<[string, Measure]>) {
			const t = state === 'cold' ? `${target} + 2` : String(target);
			lines.push(
				`| ${what}, ${state} | ${m.requests} | ${m.metadata} | ${t} | ${fmt(m.ms)} | ${m.peakMb.toFixed(0)} MB |`,
			);
		}
		process.stdout.write(`issue 18: ${what}: cold ${cold.requests}, warm ${warm.requests}\n`);
	}
	return lines;
}

if (process.argv.includes('--child')) {
	child()
		.then((m) => process.stdout.write(`\n${JSON.stringify(m)}\n`))
		.catch((error) => {
			process.stderr.write(`${String(error?.stack ?? error)}\n`);
			process.exit(1);
		});
}
