/**
 * `npm run swagger`: downloads the pinned vendor swagger into .swagger/swagger.json.
 *
 *   node .tooling/scripts/fetch-swagger.cjs [url ...]
 *
 * Tries the given URLs (http, https or file), else the vendor's URL and then the pinned mirror (see
 * PINNED_SWAGGER in ./swagger.cts), and keeps the first download whose SHA-256 is the pinned one. A
 * download with another checksum is refused and never written. Exits 0 when .swagger/swagger.json holds
 * the pinned document (already there, or downloaded), 1 otherwise.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DOWNLOADED_SWAGGER, PINNED_SWAGGER, sha256 } from './swagger.cjs';

async function download(url: string): Promise<Buffer> {
	if (url.startsWith('file:')) return readFileSync(fileURLToPath(url));
	const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	return Buffer.from(await res.arrayBuffer());
}

/** Downloads from each URL in turn until one gives the pinned bytes; returns the URL used. */
export async function fetchSwagger(
	urls: string[],
	target = DOWNLOADED_SWAGGER,
	log: (line: string) => void = () => undefined,
): Promise<string | undefined> {
	for (const url of urls) {
		let data: Buffer;
		try {
			data = await download(url);
		} catch (error) {
			log(`${url}: not downloaded (${(error as Error).message})`);
			continue;
		}
		const sum = sha256(data);
		if (sum !== PINNED_SWAGGER.sha256) {
			log(
				`${url}: refused, SHA-256 ${sum} (${data.length} bytes) is not the pinned ${PINNED_SWAGGER.sha256}` +
					' (a newer vendor swagger? regenerate the catalog from it, then update PINNED_SWAGGER)',
			);
			continue;
		}
		mkdirSync(dirname(target), { recursive: true });
		writeFileSync(`${target}.part`, data);
		renameSync(`${target}.part`, target);
		return url;
	}
	return undefined;
}

async function main(): Promise<void> {
	const log = (line: string) => process.stdout.write(`${line}\n`);
	if (existsSync(DOWNLOADED_SWAGGER)) {
		if (sha256(readFileSync(DOWNLOADED_SWAGGER)) === PINNED_SWAGGER.sha256) {
			log(`swagger: ${DOWNLOADED_SWAGGER} is already the pinned document`);
			return;
		}
		log(`swagger: ${DOWNLOADED_SWAGGER} is not the pinned document, removed`);
		rmSync(DOWNLOADED_SWAGGER);
	}
	const args = process.argv.slice(2);
	const urls = args.length ? args : [PINNED_SWAGGER.url, PINNED_SWAGGER.mirror];
	const used = await fetchSwagger(urls, DOWNLOADED_SWAGGER, log);
	if (!used) {
		log(`swagger: no source gave the pinned document; ${DOWNLOADED_SWAGGER} not written`);
		process.exit(1);
	}
	log(
		`swagger: ${DOWNLOADED_SWAGGER} from ${used} (Autotask REST ${PINNED_SWAGGER.version}, sha256 ${PINNED_SWAGGER.sha256})`,
	);
}

if (require.main === module)
	main().catch((error) => {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exit(1);
	});
