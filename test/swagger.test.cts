/**
 * `npm run swagger` keeps only the pinned vendor swagger: served by a loopback HTTP server (or a file URL),
 * the pinned bytes are written, and a document with any other checksum is refused and never written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { fetchSwagger } from '../scripts/fetch-swagger.cjs';
import {
	DOWNLOADED_SWAGGER,
	PINNED_SWAGGER,
	SHARED_SWAGGER,
	findSwagger,
	sha256,
	swaggerCandidates,
} from '../scripts/swagger.cjs';

// A copy of the pinned document to serve: whichever of the known places has it.
const pinnedCopy = [process.env.AUTOTASK_SWAGGER, DOWNLOADED_SWAGGER, SHARED_SWAGGER].find(
	(file) => file && existsSync(file) && sha256(readFileSync(file)) === PINNED_SWAGGER.sha256,
);

describe('the swagger the tooling looks for', () => {
	it('takes $AUTOTASK_SWAGGER first, then .swagger/, then ../shared', () => {
		const dir = mkdtempSync(join(tmpdir(), 'swagger-'));
		const file = join(dir, 'mine.json');
		writeFileSync(file, '{}');
		try {
			expect(swaggerCandidates({ AUTOTASK_SWAGGER: file })[0]).toBe(file);
			expect(findSwagger({ AUTOTASK_SWAGGER: file })).toBe(file);
			expect(() => findSwagger({ AUTOTASK_SWAGGER: join(dir, 'absent.json') })).toThrow(
				/does not exist/,
			);
			const rest = swaggerCandidates({});
			expect(rest).toEqual([DOWNLOADED_SWAGGER, SHARED_SWAGGER].filter((f) => rest.includes(f)));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

(pinnedCopy ? describe : describe.skip)('npm run swagger (fetchSwagger)', () => {
	const pinned = pinnedCopy ? readFileSync(pinnedCopy) : Buffer.alloc(0);
	const tampered = Buffer.from(pinned.toString('utf8').replace('"v1"', '"v2"'));
	let server: Server;
	let base = '';
	let dir = '';

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'swagger-'));
		server = createServer((req, res) => {
			if (req.url === '/pinned') res.end(pinned);
			else if (req.url === '/tampered') res.end(tampered);
			else res.writeHead(404).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
		rmSync(dir, { recursive: true, force: true });
	});

	it('writes the pinned document, skipping a failed source and a changed one', async () => {
		const target = join(dir, 'a', 'swagger.json');
		const log: string[] = [];
		const used = await fetchSwagger(
			[`${base}/missing`, `${base}/tampered`, `${base}/pinned`],
			target,
			(line) => log.push(line),
		);
		expect(used).toBe(`${base}/pinned`);
		expect(sha256(readFileSync(target))).toBe(PINNED_SWAGGER.sha256);
		expect(readFileSync(target).length).toBe(PINNED_SWAGGER.bytes);
		expect(log[0]).toMatch(/missing: not downloaded \(HTTP 404\)/);
		expect(log[1]).toMatch(/tampered: refused, SHA-256 [0-9a-f]{64}/);
	});

	it('refuses a document whose checksum is not the pinned one and writes nothing', async () => {
		const target = join(dir, 'b', 'swagger.json');
		expect(await fetchSwagger([`${base}/tampered`], target)).toBeUndefined();
		expect(existsSync(target)).toBe(false);
	});

	it('takes a file URL too', async () => {
		const target = join(dir, 'c', 'swagger.json');
		const url = pathToFileURL(pinnedCopy!).href;
		expect(await fetchSwagger([url], target)).toBe(url);
		expect(sha256(readFileSync(target))).toBe(PINNED_SWAGGER.sha256);
	});
});
