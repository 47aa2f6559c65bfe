/**
 * `npm run catalog`: regenerates the committed catalog files from ../shared/autotask-api/swagger.json
 * (or the path given as the first argument).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
	buildCatalog,
	renderCatalogModule,
	renderModels,
	type Swagger,
} from './catalog-builder.cjs';

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
export const DEFAULT_SWAGGER = resolve(REPO, '..', 'shared', 'autotask-api', 'swagger.json');
export const CATALOG_FILE = resolve(REPO, 'nodes', 'Autotask', 'catalog', 'entities.generated.ts');
export const MODELS_FILE = resolve(REPO, 'sandbox', 'generated', 'models.json');

function main() {
	const swaggerPath = resolve(process.argv[2] ?? DEFAULT_SWAGGER);
	if (!existsSync(swaggerPath)) {
		process.stderr.write(`swagger not found at ${swaggerPath}\n`);
		process.exit(2);
	}
	const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8')) as Swagger;
	const built = buildCatalog(swagger);
	for (const [file, text] of [
		[CATALOG_FILE, renderCatalogModule(built)],
		[MODELS_FILE, renderModels(built)],
	]) {
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, text);
	}
	const ops = built.classified.length;
	process.stdout.write(
		`catalog: ${built.entities.length} entities, ${built.specials.length} special endpoints, ` +
			`${ops} of ${ops + built.unclassified.length} method+path pairs classified\n`,
	);
	for (const u of built.unclassified)
		process.stdout.write(`  unclassified: ${u.method} ${u.path} (${u.reason})\n`);
}

if (require.main === module) main();
