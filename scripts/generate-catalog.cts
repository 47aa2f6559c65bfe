/**
 * `npm run catalog`: regenerates the committed catalog files from the vendor swagger: the path given as the
 * first argument, else the first of $AUTOTASK_SWAGGER, .swagger/swagger.json (`npm run swagger`) and
 * ../shared/autotask-api/swagger.json (see ./swagger.cts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
	buildCatalog,
	renderCatalogModule,
	renderModels,
	type Swagger,
} from './catalog-builder.cjs';
import { findSwagger, REPO } from './swagger.cjs';

export { REPO };
export const CATALOG_FILE = resolve(REPO, 'nodes', 'Autotask', 'catalog', 'entities.generated.ts');
export const MODELS_FILE = resolve(REPO, 'sandbox', 'generated', 'models.json');

function main() {
	const swaggerPath = process.argv[2] ? resolve(process.argv[2]) : findSwagger();
	if (!swaggerPath || !existsSync(swaggerPath)) {
		process.stderr.write(
			`swagger not found${swaggerPath ? ` at ${swaggerPath}` : ''}: run \`npm run swagger\` first\n`,
		);
		process.exit(2);
	}
	process.stdout.write(`catalog: from ${swaggerPath}\n`);
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

if (require.main === module)
	try {
		main();
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n`);
		process.exit(2);
	}
