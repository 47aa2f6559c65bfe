import {
	extractFromAICalls,
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { findEntity } from '../catalog';
import { mayHaveBeenApplied } from '../transport/errors';

/**
 * The node as an AI agent's tool. n8n makes the tool from the node's `$fromAI('key', 'description',
 * 'type')` expressions: the model fills the keys, the node reads them from its input item. A model
 * often sends an empty, missing or mistyped value, or a label or name that does not exist. Thrown, such
 * an error ends the agent's run (n8n 1.x) or reaches the model as its bare message (n8n 2.x). So as a
 * tool the node answers with a result the model can act on instead: what was wrong, how to fix it,
 * and which of its inputs to change. In a workflow the node still fails loudly.
 */

export interface ToolInput {
	key: string;
	description: string;
	type: string;
	/** the parameter the expression sits in, e.g. fields.value.priority or conditions.condition[0].value */
	path: string;
	/** the Autotask field the input fills, where the path tells it */
	field?: string;
	/** declared with a default value (`$fromAI(key, description, type, default)`): may be left empty */
	optional: boolean;
	/** what the model sent (undefined when it sent nothing) */
	value: unknown;
}

/** n8n names the AI-tool variant of a node type by adding "Tool": n8n-nodes-autotask-psa.autotaskTool. */
export function runsAsAgentTool(ctx: IExecuteFunctions): boolean {
	return /Tool$/.test(ctx.getNode().type);
}

/** The $fromAI expressions in the node's parameters, with where they sit. */
function fromAiCalls(value: unknown, path: string, out: Array<Omit<ToolInput, 'value'>>): void {
	if (typeof value === 'string') {
		if (!value.includes('$fromAI')) return;
		for (const call of extractFromAICalls(value))
			out.push({
				key: call.key,
				description: call.description ?? '',
				type: call.type ?? 'string',
				optional: call.defaultValue !== undefined,
				path,
			});
	} else if (Array.isArray(value)) {
		value.forEach((v, n) => fromAiCalls(v, `${path}[${n}]`, out));
	} else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) fromAiCalls(v, path ? `${path}.${k}` : k, out);
	}
}

/** The Autotask field a parameter path fills: a Fields column, the field of a condition, the parent. */
function fieldAt(parameters: IDataObject, path: string): string | undefined {
	if (/^parentId\b/.test(path) && typeof parameters.resource === 'string')
		return findEntity(parameters.resource)?.child?.parentIdField;
	const column = /^fields\.value\.([^.[]+)$/.exec(path);
	if (column) return column[1];
	const condition = /^conditions\.condition\[(\d+)\]\.value$/.exec(path);
	if (!condition) return undefined;
	const rows = (parameters.conditions as { condition?: Array<{ field?: string }> } | undefined)
		?.condition;
	const field = rows?.[Number(condition[1])]?.field;
	return typeof field === 'string' && !field.startsWith('=') ? field : undefined;
}

/** The inputs the model was asked for, with the values it sent for item i (as n8n's $fromAI reads them). */
export function toolInputs(ctx: IExecuteFunctions, i: number): ToolInput[] {
	const node = ctx.getNode();
	const calls: Array<Omit<ToolInput, 'value'>> = [];
	if (typeof extractFromAICalls === 'function') fromAiCalls(node.parameters, '', calls);
	const json = (ctx.getInputData()[i]?.json ?? {}) as IDataObject;
	const query = (json.query && typeof json.query === 'object' ? json.query : {}) as IDataObject;
	const own = (o: IDataObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);
	const seen = new Set<string>();
	return calls
		.filter((c) => !seen.has(c.key) && !!seen.add(c.key))
		.map((c) => ({
			...c,
			field: fieldAt(node.parameters, c.path),
			value: own(query, c.key) ? query[c.key] : own(json, c.key) ? json[c.key] : undefined,
		}));
}

const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/** What is wrong with one input before anything runs: nothing sent, wrong JSON type. */
function inputProblem(input: ToolInput): string | undefined {
	const { value, type } = input;
	const empty =
		value === undefined || value === null || (typeof value === 'string' && !value.trim());
	if (empty && input.optional) return undefined;
	if (value === undefined || value === null) return 'is missing';
	if (typeof value === 'string' && !value.trim() && type !== 'json') return 'is empty';
	if (type === 'number') {
		const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
		if (!Number.isFinite(n)) return `must be a number, not ${shown(value)}`;
	} else if (type === 'boolean') {
		if (typeof value !== 'boolean' && value !== 'true' && value !== 'false')
			return `must be true or false, not ${shown(value)}`;
	} else if (type === 'json') {
		if (typeof value !== 'object') return `must be a JSON object or array, not ${shown(value)}`;
	} else if (typeof value === 'object') {
		return `must be text, not ${Array.isArray(value) ? 'a list' : 'an object'} (${shown(value)})`;
	} else if (typeof value === 'boolean') {
		return `must be text, not ${String(value)}`;
	}
	return undefined;
}

/**
 * Refuses the call before any request when an input the model had to fill is missing, empty or of
 * the wrong type, naming each such input with what it should hold.
 */
export function checkToolInputs(ctx: IExecuteFunctions, inputs: ToolInput[], i: number): void {
	const problems = inputs.flatMap((input) => {
		const problem = inputProblem(input);
		if (!problem) return [];
		const hint = input.description ? ` (${input.description})` : '';
		return [`"${input.key}" ${problem}${hint}`];
	});
	if (!problems.length) return;
	throw new NodeOperationError(ctx.getNode(), `Tool input ${problems.join('; ')}`, {
		itemIndex: i,
		description: `Call the tool again with ${problems.length === 1 ? 'this input' : 'these inputs'} filled in as described.`,
	});
}

/** "issueType" → "issue type": how messages name a field besides its API name. */
const spaced = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

/** The inputs an error is about: its text names their field, or quotes the value the model sent. */
function inputsBlamed(message: string, inputs: ToolInput[]): string[] {
	const text = message.toLowerCase();
	return inputs
		.filter((input) => {
			if (text.includes(`"${input.key.toLowerCase()}"`)) return true;
			const value = typeof input.value === 'string' ? input.value.trim() : '';
			if (value.length >= 2 && text.includes(value.toLowerCase())) return true;
			const field = input.field?.replace(/^udf:/, '');
			return !!field && (text.includes(field.toLowerCase()) || text.includes(spaced(field)));
		})
		.map((input) => input.key);
}

/**
 * The answer the model gets for a failed call: the error without n8n's "[item N]", how to fix it, and
 * the inputs to change. Autotask's own refusal text is kept (NodeApiError's description).
 */
export function toolErrorItem(error: unknown, inputs: ToolInput[]): INodeExecutionData {
	const e = error as { message?: string; description?: string | null };
	const message = String(e?.message ?? error).replace(/\s*\[item \d+\]$/, '');
	const fix = typeof e?.description === 'string' ? e.description : undefined;
	const blamed = inputsBlamed(`${message} ${fix ?? ''}`, inputs);
	const json: IDataObject = { error: message };
	if (fix && fix !== message) json.fix = fix;
	// A write whose answer was lost: calling again could make it twice.
	if (mayHaveBeenApplied(error) || /may have (been )?applied/.test(message)) {
		json.mayHaveBeenApplied = true;
		json.fix =
			`${json.fix ?? ''} Do not call the tool again for this change before checking in Autotask (e.g. with a search) that it did not happen.`.trim();
	}
	if (blamed.length) json.checkInputs = blamed;
	if (!blamed.length && inputs.length)
		json.inputsReceived = Object.fromEntries(
			inputs.map((input) => [input.key, input.value ?? null]),
		);
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: 0 } };
}
