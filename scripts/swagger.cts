/**
 * The vendor swagger the catalog is generated from, pinned, and where this repository looks for it.
 *
 * The swagger is not committed (3 MB of the vendor's). `npm run swagger` downloads the pinned document into
 * .swagger/ (ignored by git) and refuses any file whose SHA-256 differs from the pin. The catalog generator
 * and the catalog test then take, in this order: the file named by $AUTOTASK_SWAGGER, .swagger/swagger.json,
 * ../shared/autotask-api/swagger.json (a folder beside the clone, for maintainers who have one).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The repository root: the nearest folder up from here with this package's package.json. */
function findRepo(from: string): string {
	for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
		const pkg = resolve(dir, 'package.json');
		if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'n8n-nodes-autotask-psa')
			return dir;
	}
	throw new Error(`no n8n-nodes-autotask-psa package.json above ${from}`);
}

export const REPO = findRepo(__dirname);

/**
 * The swagger the committed catalog was generated from: Autotask's REST API v1.0 Swagger 2.0 document,
 * `info.version` "v1", title "Datto|Autotask PSA Rest API", `host` webservices14.autotask.net, 2,077 paths
 * and 3,009 method+path pairs. The checksum is of the exact bytes of that document as saved from `url` and
 * committed at `mirror` on 2026-06-21 (3,152,661 bytes of minified JSON); the copy the catalog was first
 * generated from (../shared/autotask-api/swagger.json) has the same checksum.
 *
 * The vendor serves its current document at `url` and changes it with its releases, so a download from
 * there only passes while the vendor's document is still this one; `mirror` (a commit of a public
 * repository that saved that same document) keeps the pinned bytes reachable after that. When the vendor
 * publishes a newer swagger, regenerate the catalog from it, then update this pin.
 */
export const PINNED_SWAGGER = {
	url: 'https://webservices14.autotask.net/ATServicesRest/swagger/docs/v1',
	mirror:
		'https://raw.githubusercontent.com/aybouzaglou/autotask-rest-api-types/376b846c145407358443eb9e026945e79320f3b3/swagger.json',
	version: 'v1',
	bytes: 3152661,
	sha256: '55b4decbb742ac6ec6d2f22296140d5d643efad553d2c511fc86c63acf00060f',
};

/** Where `npm run swagger` puts the pinned swagger (ignored by git and prettier). */
export const DOWNLOADED_SWAGGER = resolve(REPO, '.swagger', 'swagger.json');
/** A maintainer's copy beside the clone. */
export const SHARED_SWAGGER = resolve(REPO, '..', 'shared', 'autotask-api', 'swagger.json');

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The swagger files looked for, in order; only those that exist are returned. */
export function swaggerCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
	const explicit = env.AUTOTASK_SWAGGER ? [resolve(env.AUTOTASK_SWAGGER)] : [];
	return [...explicit, DOWNLOADED_SWAGGER, SHARED_SWAGGER].filter((file) => existsSync(file));
}

/** The swagger to use: $AUTOTASK_SWAGGER, then the downloaded one, then ../shared; undefined if none. */
export function findSwagger(env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (env.AUTOTASK_SWAGGER && !existsSync(resolve(env.AUTOTASK_SWAGGER)))
		throw new Error(`AUTOTASK_SWAGGER names ${env.AUTOTASK_SWAGGER}, which does not exist`);
	return swaggerCandidates(env)[0];
}
