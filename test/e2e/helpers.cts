/**
 * Shared pieces of the end-to-end suites in real n8n: workflow builders for the Autotask nodes, a runner that
 * turns a documented action into a webhook-started workflow and runs it, and readers for execution data.
 */
import { randomUUID } from 'node:crypto';

import {
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
	type StartOptions,
} from '../../scripts/n8n/harness.cjs';
import type { Sandbox } from '../../sandbox/server.cjs';

export const PKG = 'n8n-nodes-autotask-psa';
export const TYPES = {
	action: `${PKG}.autotask`,
	tool: `${PKG}.autotaskTool`,
	trigger: `${PKG}.autotaskTrigger`,
	poll: `${PKG}.autotaskPollTrigger`,
};

/**
 * A started n8n as every suite needs it: the owner signed in, a public API key, and an Autotask
 * credential (named `name`) pointing at the sandbox.
 */
export async function startN8nOnSandbox(
	sb: Sandbox,
	options: StartOptions = {},
	name = 'Autotask account',
): Promise<{ n8n: N8nInstance; credential: Credential }> {
	const n8n = await startN8n(options);
	await n8n.setupOwner();
	await n8n.createApiKey();
	const credential = await n8n.createCredential(name, 'autotaskApi', sandboxCredentialData(sb));
	return { n8n, credential };
}

/** n8n's OpenAI credential pointed at the model stand-in (test/helpers/model-stand-in.cts). */
export async function openAiStandInCredential(
	n8n: N8nInstance,
	model: { url: string },
	name = 'OpenAI account',
): Promise<Credential> {
	return await n8n.createCredential(name, 'openAiApi', {
		apiKey: 'sk-stand-in',
		url: model.url,
		header: false,
	});
}

/** Set AUTOTASK_E2E=skip to leave the real-n8n suites out of a local run (CI never sets it). */
export function describeE2E(name: string, fn: () => void): void {
	(process.env.AUTOTASK_E2E === 'skip' ? describe.skip : describe)(name, fn);
}

export interface ActionLike {
	name: string;
	parameters: Record<string, unknown>;
	input?: Array<Record<string, unknown>>;
	binary?: { property: string; fileName: string; mimeType: string; base64: string };
}

export interface Credential {
	id: string;
	name: string;
}

export interface NodeItem {
	json: Record<string, unknown>;
	binary?: Record<
		string,
		{ fileName?: string; mimeType?: string; fileSize?: string; id?: string; data?: string }
	>;
}

/**
 * Webhook (answers with the last node's items) → Input (a Code node emitting the action's input items, with
 * the file as a binary property when there is one) → Autotask with the action's parameters.
 */
export function actionWorkflow(action: ActionLike, credential: Credential, webhookPath: string) {
	const items = (action.input ?? [{}]).map((json, n) => {
		const item: Record<string, unknown> = { json };
		if (n === 0 && action.binary) {
			item.binary = {
				[action.binary.property]: {
					data: action.binary.base64,
					fileName: action.binary.fileName,
					mimeType: action.binary.mimeType,
				},
			};
		}
		return item;
	});
	return {
		name: `Action: ${action.name}`.slice(0, 120),
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Input',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return ${JSON.stringify(items)};` },
			},
			{
				id: randomUUID(),
				name: 'Autotask',
				type: TYPES.action,
				typeVersion: 1,
				position: [440, 0],
				parameters: action.parameters,
				credentials: { autotaskApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
			Input: { main: [[{ node: 'Autotask', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** A workflow with only the Autotask Trigger (webhook) node. */
export function triggerWorkflow(
	name: string,
	credential: Credential,
	parameters: Record<string, unknown>,
	webhookId = randomUUID(),
) {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Autotask Trigger',
				type: TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { autotaskApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** A workflow with only the Autotask Poll Trigger node, polling every minute (n8n's shortest interval). */
export function pollWorkflow(
	name: string,
	credential: Credential,
	parameters: Record<string, unknown>,
) {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Autotask Poll Trigger',
				type: TYPES.poll,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
				credentials: { autotaskApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** The run data of one node in an execution read with includeData=true. */
export function nodeRun(
	execution: any,
	node: string,
): { items: NodeItem[]; error?: { message?: string; description?: string } } {
	const runs = execution?.data?.resultData?.runData?.[node];
	if (!runs?.length) return { items: [], error: execution?.data?.resultData?.error };
	const last = runs[runs.length - 1];
	return { items: (last.data?.main?.[0] ?? []) as NodeItem[], error: last.error };
}

export interface ActionRun {
	status: number;
	execution: any;
	items: NodeItem[];
	error?: { message?: string; description?: string };
}

/**
 * Runs a workflow made by actionWorkflow (already active) through its webhook, then reads the newest execution
 * of that workflow with its data.
 */
export async function runActionWorkflow(
	n8n: N8nInstance,
	workflowId: string,
	webhookPath: string,
): Promise<ActionRun> {
	const before = (await n8n.executions(workflowId)).length;
	const answer = await n8n.runWebhook(webhookPath, {});
	const executions = await n8n.waitForExecutions(workflowId, before + 1, 30000);
	const execution = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
	const { items, error } = nodeRun(execution, 'Autotask');
	return { status: answer.status, execution, items, error };
}

/** Every place a string occurs in a text, as "line N: …" with the match masked (for failure messages). */
export function occurrences(text: string, needle: string, label: string): string[] {
	if (!needle) return [];
	const out: string[] = [];
	const lines = text.split('\n');
	lines.forEach((line, n) => {
		if (line.includes(needle))
			out.push(`${label} line ${n + 1}: ${line.split(needle).join('<SECRET>').slice(0, 300)}`);
	});
	return out;
}
