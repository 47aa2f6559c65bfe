/**
 * Every workflow in docs/examples, checked in-process (no n8n): no Code or Function node (the templates
 * show what the Autotask nodes and n8n's own nodes do, without scripts), connections that name real
 * nodes, and Autotask nodes whose resource, operation and parameters the node offers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import {
	AUTOTASK_TYPES,
	EXAMPLES_DIR,
	TEMPLATES,
	EXAMPLES,
	MCP_TEMPLATES,
} from '../scripts/demo-examples.cjs';
import { autotaskNode } from './helpers/n8n-context.cjs';

const files = fs
	.readdirSync(EXAMPLES_DIR)
	.filter((f) => f.endsWith('.json'))
	.sort();
const workflows = files.map((file) => ({
	file,
	workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as {
		name: string;
		nodes: Array<Record<string, any>>;
		connections: Record<string, Record<string, Array<Array<{ node: string }>>>>;
	},
}));

const CODE_TYPES = [
	'n8n-nodes-base.code',
	'n8n-nodes-base.function',
	'n8n-nodes-base.functionItem',
	'@n8n/n8n-nodes-langchain.code',
	'@n8n/n8n-nodes-langchain.toolCode',
];

const TOOL_TYPE = 'n8n-nodes-autotask-psa.autotaskTool';
/** The action node and its AI-tool variant take the same parameters. */
const ACTION_TYPES = ['n8n-nodes-autotask-psa.autotask', TOOL_TYPE];
const TOOL_PARAMETERS = ['descriptionType', 'toolDescription'];

const actionProperties = autotaskNode().description.properties as INodeProperties[];
const triggerProperties = new AutotaskTrigger().description.properties as INodeProperties[];

/** Whether property p is shown for resource and operation (other display conditions are not judged). */
function shownFor(p: INodeProperties, resource: string, operation: string): boolean {
	const show = p.displayOptions?.show ?? {};
	const resources = show.resource as string[] | undefined;
	const operations = show.operation as string[] | undefined;
	return (
		(!resources || resources.includes(resource)) && (!operations || operations.includes(operation))
	);
}

test('docs/examples holds the examples and the templates listed in scripts/demo-examples, and nothing else', () => {
	expect(files).toEqual(
		[...EXAMPLES, ...TEMPLATES, ...MCP_TEMPLATES].map((e) => `${e.file}.json`).sort(),
	);
});

describe.each(workflows)('$file', ({ file, workflow }) => {
	test('has no Code or Function node', () => {
		expect(workflow.nodes.filter((n) => CODE_TYPES.includes(String(n.type)))).toEqual([]);
	});

	test('has unique node names, and its connections name its nodes', () => {
		const names = workflow.nodes.map((n) => String(n.name));
		expect(new Set(names).size).toBe(names.length);
		for (const [from, kinds] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const outputs of Object.values(kinds))
				for (const output of outputs) for (const c of output ?? []) expect(names).toContain(c.node);
		}
	});

	test('its Autotask nodes use resources, operations and parameters the node offers, with the credential autotaskApi', () => {
		const nodes = workflow.nodes.filter((n) => AUTOTASK_TYPES.includes(String(n.type)));
		expect(nodes.length).toBeGreaterThan(0);
		for (const node of nodes) {
			expect([file, node.name, node.typeVersion, Object.keys(node.credentials ?? {})]).toEqual([
				file,
				node.name,
				1,
				['autotaskApi'],
			]);
			const params = node.parameters as Record<string, unknown>;
			if (node.type === 'n8n-nodes-autotask-psa.autotaskTrigger') {
				const names = triggerProperties.map((p) => p.name);
				for (const key of Object.keys(params))
					expect([node.name, names]).toEqual([node.name, expect.arrayContaining([key])]);
				const entity = triggerProperties.find((p) => p.name === 'entity')!;
				expect((entity.options as Array<{ value: string }>).map((o) => o.value)).toContain(
					params.entity,
				);
				const options = triggerProperties.find((p) => p.name === 'options')!;
				const optionNames = (options.options as INodeProperties[]).map((o) => o.name);
				for (const key of Object.keys((params.options as object) ?? {}))
					expect([node.name, optionNames]).toEqual([node.name, expect.arrayContaining([key])]);
				continue;
			}
			if (!ACTION_TYPES.includes(String(node.type))) continue;
			const resource = String(params.resource);
			const operation = String(params.operation);
			const resources = (
				actionProperties.find((p) => p.name === 'resource')!.options as Array<{ value: string }>
			).map((o) => o.value);
			expect([node.name, resources]).toEqual([node.name, expect.arrayContaining([resource])]);
			const operations = actionProperties
				.filter(
					(p) =>
						p.name === 'operation' &&
						(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource),
				)
				.flatMap((p) => (p.options as Array<{ value: string }>).map((o) => o.value));
			expect([node.name, operations]).toEqual([node.name, expect.arrayContaining([operation])]);
			for (const [key, value] of Object.entries(params)) {
				if (key === 'resource' || key === 'operation') continue;
				// n8n adds these two to the tool variant (convertNodeToAiTool)
				if (node.type === TOOL_TYPE && TOOL_PARAMETERS.includes(key)) continue;
				const shown = actionProperties.filter(
					(p) => p.name === key && shownFor(p, resource, operation),
				);
				expect([node.name, key, shown.length > 0]).toEqual([node.name, key, true]);
				// collections: each option is one the collection has
				const collection = shown.find((p) => p.type === 'collection');
				if (collection && value && typeof value === 'object') {
					const names = (collection.options as INodeProperties[]).map((o) => o.name);
					for (const sub of Object.keys(value))
						expect([node.name, key, names]).toEqual([
							node.name,
							key,
							expect.arrayContaining([sub]),
						]);
				}
				// resource locators: a mode the parameter has
				const locator = shown.find((p) => p.type === 'resourceLocator');
				if (locator && value && typeof value === 'object' && 'mode' in value) {
					const modes = (locator.modes ?? []).map((m) => m.name);
					expect([node.name, key, modes]).toEqual([
						node.name,
						key,
						expect.arrayContaining([(value as { mode: string }).mode]),
					]);
				}
			}
		}
	});
});

describe('the Autotask tools of the templates (issue #16)', () => {
	const tools = workflows.flatMap(({ file, workflow }) =>
		workflow.nodes.filter((n) => n.type === TOOL_TYPE).map((node) => ({ file, node })),
	);
	/** Every $fromAI('key', 'description', 'type') in a node's parameters. */
	const fromAiCalls = (node: Record<string, any>) =>
		[
			...JSON.stringify(node.parameters).matchAll(
				/\$fromAI\('([^']*)',\s*'([^']*)'(?:,\s*'([^']*)')?(?:,\s*'[^']*')?\)/g,
			),
		].map((m) => ({ key: m[1], description: m[2], type: m[3] ?? 'string' }));

	test('there are some', () => {
		expect(tools.length).toBeGreaterThan(0);
	});

	test.each(tools.map((t) => [t.file, t.node.name, t.node] as const))(
		'%s › %s: a manual tool description, and each $fromAI parameter says its type and gives an example',
		(_file, name, node) => {
			expect([name, node.parameters.descriptionType]).toEqual([name, 'manual']);
			expect(String(node.parameters.toolDescription).length).toBeGreaterThan(40);
			const calls = fromAiCalls(node);
			expect([name, calls.length > 0]).toEqual([name, true]);
			for (const call of calls) {
				const typeWord = { string: 'Text', number: 'Number', boolean: 'Yes or no', json: 'JSON' }[
					call.type
				];
				expect([name, call.key, call.description]).toEqual([
					name,
					call.key,
					expect.stringMatching(new RegExp(`^${typeWord}, .*e\\.g\\. `)),
				]);
			}
			// the same key always with the same description and type (n8n refuses the tool otherwise)
			const byKey = new Map(calls.map((c) => [c.key, c]));
			for (const call of calls) expect(call).toEqual(byKey.get(call.key));
		},
	);
});
