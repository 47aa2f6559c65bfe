/**
 * Refreshes the saved field lists (resource-mapper `schema`) of the Autotask create/update nodes in
 * docs/examples from what the n8n editor loads against the demo sandbox, so an imported example shows no
 * "Fields are outdated". Run it after the node's field mapping or the sandbox's metadata changes
 * (test/e2e/examples.test.cts fails when they differ):
 *
 *   npx tsc -p tsconfig.tooling.json && node .tooling/scripts/demo-examples-refresh.cjs
 *
 * The values the examples send are kept; a column is shown when the example sends a value for it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox } from '../sandbox/server.cjs';
import { sandboxCredentialData, startN8n } from './n8n/harness.cjs';
import {
	addTemplateFixtures,
	AUTOTASK_TYPES,
	EXAMPLES,
	MCP_TEMPLATES,
	TEMPLATES,
	EXAMPLES_DIR,
	loadExample,
	type ExampleWorkflow,
	editorFieldList,
} from './demo-examples.cjs';

/** JSON with a two-space indent, each resource-mapper column on one line (as the example files are kept). */
export function exampleJson(workflow: unknown): string {
	const columns: string[] = [];
	const text = JSON.stringify(
		workflow,
		(key, value: unknown) => {
			if (key === 'schema' && Array.isArray(value)) {
				return value.map((column) => {
					columns.push(JSON.stringify(column));
					return `@@column${columns.length - 1}@@`;
				});
			}
			return value;
		},
		2,
	);
	return `${text.replace(/"@@column(\d+)@@"/g, (_, n: string) => columns[Number(n)])}\n`;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox({ seed: 'demo' });
	const n8n = await startN8n();
	try {
		await n8n.setupOwner();
		await n8n.createApiKey();
		const credential = await n8n.createCredential(
			'Autotask account',
			'autotaskApi',
			sandboxCredentialData(sandbox),
		);
		for (const example of [...EXAMPLES, ...TEMPLATES, ...MCP_TEMPLATES]) {
			// The examples run on the demo seed as it is; the templates on it plus their fixtures (a company UDF).
			if (example === TEMPLATES[0]) addTemplateFixtures(sandbox.admin, sandbox.store);
			const workflow: ExampleWorkflow = loadExample(example.file);
			let changed = 0;
			for (const node of workflow.nodes.filter(
				(n) => AUTOTASK_TYPES.includes(String(n.type)) && n.parameters?.fields,
			)) {
				const { fields } = node.parameters;
				const loaded = await editorFieldList(n8n, node, {
					autotaskApi: { id: credential.id, name: credential.name },
				});
				const sent = new Set(Object.keys(fields.value ?? {}));
				const schema: Array<Record<string, unknown>> = loaded.map((column) => ({
					...column,
					readOnly: false,
					removed: !sent.has(String(column.id)),
				}));
				const missing = [...sent].filter((id) => !schema.some((c) => c.id === id));
				if (missing.length)
					throw new Error(
						`${example.file} › ${node.name}: the node no longer offers ${missing.join(', ')}`,
					);
				if (JSON.stringify(schema) !== JSON.stringify(fields.schema)) changed++;
				node.parameters = { ...node.parameters, fields: { ...fields, schema } };
			}
			fs.writeFileSync(path.join(EXAMPLES_DIR, `${example.file}.json`), exampleJson(workflow));
			process.stdout.write(`${example.file}: ${changed} field list(s) refreshed\n`);
		}
	} finally {
		await n8n.stop();
		await sandbox.close();
	}
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	});
}
