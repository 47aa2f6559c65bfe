/** Benchmark line: time to answer one 500-record ticket page on bench:100000. Run: node .tooling/sandbox/bench-page.cjs */
import { startSandbox } from './server.cjs';

async function main(): Promise<void> {
	const t0 = Date.now();
	const sb = await startSandbox({ seed: 'bench:100000' });
	const seeded = Date.now() - t0;
	const headers = {
		ApiIntegrationCode: sb.credentials.integrationCode,
		UserName: sb.credentials.username,
		Secret: sb.credentials.secret,
		'Content-Type': 'application/json',
	};
	const body = JSON.stringify({ filter: [{ op: 'gte', field: 'id', value: 0 }], MaxRecords: 500 });
	const timed = async (url: string, init: RequestInit) => {
		const s = process.hrtime.bigint();
		const r = await fetch(url, init);
		const j = (await r.json()) as { items: unknown[]; pageDetails: { nextPageUrl: string | null } };
		return { ms: Number(process.hrtime.bigint() - s) / 1e6, j };
	};
	const cold = await timed(`${sb.baseUrl}V1.0/Tickets/query`, { method: 'POST', headers, body });
	// Steady state: the median of 11 first-page requests after the cold one (connection and JIT warmed up).
	const runs: number[] = [];
	let first = cold;
	for (let n = 0; n < 11; n++) {
		first = await timed(`${sb.baseUrl}V1.0/Tickets/query`, { method: 'POST', headers, body });
		runs.push(first.ms);
	}
	const median = runs.sort((a, b) => a - b)[5];
	const next = await timed(first.j.pageDetails.nextPageUrl as string, { method: 'GET', headers });
	const tail = await timed(`${sb.baseUrl}V1.0/Tickets/query`, {
		method: 'POST',
		headers,
		body: JSON.stringify({
			filter: [{ op: 'gt', field: 'id', value: 7000 + 99_500 }],
			MaxRecords: 500,
		}),
	});
	process.stdout.write(
		`bench-page: seed bench:100000 in ${seeded} ms; first page ${first.j.items.length} rows in ${median.toFixed(1)} ms (median of 11; cold ${cold.ms.toFixed(1)} ms); ` +
			`nextPageUrl page in ${next.ms.toFixed(1)} ms; last page (id cursor) ${tail.j.items.length} rows in ${tail.ms.toFixed(1)} ms\n`,
	);
	await sb.close();
}

void main();
