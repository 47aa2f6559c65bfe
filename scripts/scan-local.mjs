// `npm run scan`: the two ESLint legs of n8n's community-package scanner, run locally
// (@n8n/scan-community-package): the source leg on this repo, and the dist leg on the tarball `npm pack` makes.
// The registry legs (provenance, GitHub source download) need a published release and run in CI later.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'autotask-scan-'));
let failed = false;
try {
	const source = await analyzePackage(repo, SOURCE_FILE_PATTERNS);
	console.log(`source leg: ${source.passed ? 'PASS' : 'FAIL'} ${source.message ?? ''}`);
	if (source.details) console.log(source.details);
	failed ||= !source.passed;

	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
		cwd: repo,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	const unpacked = path.join(work, 'package');
	mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', path.join(work, packed), '-C', unpacked, '--strip-components=1']);
	const dist = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	console.log(`tarball leg (${packed}): ${dist.passed ? 'PASS' : 'FAIL'} ${dist.message ?? ''}`);
	if (dist.details) console.log(dist.details);
	failed ||= !dist.passed;
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
