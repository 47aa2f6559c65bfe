/**
 * The example workflows of docs/examples, made runnable against a sandbox. Shared by the demo launcher
 * (scripts/demo.cts) and the end-to-end test (test/e2e/examples.test.cts).
 *
 * - EXAMPLES: each file, how it starts and the sample payload that starts it.
 * - prepareExample(): points every Autotask node at a credential and the chat notice at a given URL.
 * - addExpiringContract(): a contract that ends 30 days from now (the demo seed's dates are fixed and past).
 * - startChatReceiver(): a loopback stand-in for a Teams/Slack incoming webhook that records each notice.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { REPO_DIR } from './n8n/harness.cjs';

export const EXAMPLES_DIR = path.join(REPO_DIR, 'docs', 'examples');

export interface ExampleInfo {
	/** file name in docs/examples, without .json */
	file: string;
	/** what it automates, one line */
	summary: string;
	/** webhook examples: the production path and the sample payload file in docs/examples/payloads */
	webhookPath?: string;
	payload?: string;
}

export const EXAMPLES: ExampleInfo[] = [
	{
		file: 'rmm-alert-to-ticket',
		summary:
			'a critical RMM alert opens a high-priority ticket, routed to a queue by alert category, and posts a chat notice',
		webhookPath: 'rmm-alert',
		payload: 'rmm-alert.json',
	},
	{
		file: 'contract-renewal',
		summary:
			'every morning, contracts ending within 60 days get a renewal opportunity, a quote and a follow-up to-do',
	},
	{
		file: 'client-onboarding',
		summary:
			'a new client gets a company, a primary contact, a contract, an onboarding project and its tasks',
		webhookPath: 'new-client',
		payload: 'new-client.json',
	},
	{
		file: 'firewall-to-configuration-item',
		summary: 'a new firewall becomes a configuration item on its company',
		webhookPath: 'new-firewall',
		payload: 'new-firewall.json',
	},
];

export const AUTOTASK_TYPES = [
	'n8n-nodes-autotask-psa.autotask',
	'n8n-nodes-autotask-psa.autotaskTrigger',
	'n8n-nodes-autotask-psa.autotaskPollTrigger',
];
/** The node that posts the chat notice in the RMM alert example. */
export const CHAT_NODE = 'Post to chat';

export interface ExampleWorkflow {
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function loadExample(file: string): ExampleWorkflow {
	return JSON.parse(
		fs.readFileSync(path.join(EXAMPLES_DIR, `${file}.json`), 'utf8'),
	) as ExampleWorkflow;
}

export function loadPayload(file: string): Record<string, any> {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'payloads', file), 'utf8')) as Record<
		string,
		any
	>;
}

/**
 * The workflow as n8n's public API takes it (name, nodes, connections, settings), with every Autotask node
 * using `credential` and the chat notice (if any) sent to `chatUrl`.
 */
export function prepareExample(
	workflow: ExampleWorkflow,
	options: { credential: { id: string; name: string }; chatUrl?: string },
): {
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
} {
	const nodes = (JSON.parse(JSON.stringify(workflow.nodes)) as Array<Record<string, any>>).map(
		(node) => {
			if (AUTOTASK_TYPES.includes(String(node.type))) {
				node.credentials = {
					autotaskApi: { id: options.credential.id, name: options.credential.name },
				};
			}
			if (node.name === CHAT_NODE && options.chatUrl)
				node.parameters = { ...node.parameters, url: options.chatUrl };
			return node;
		},
	);
	return {
		name: workflow.name,
		nodes,
		connections: workflow.connections,
		settings: { executionOrder: 'v1', ...(workflow.settings ?? {}) },
	};
}

interface AdminLike {
	create(entity: string, data: Record<string, unknown>): { id: number } & Record<string, unknown>;
}

/** UTC date-time the way Autotask records carry it: no zone suffix. */
function autotaskDate(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '');
}

/**
 * A managed-services contract of Fabrikam Legal LLP (company 175 of the demo seed) that ends 30 days from
 * now, so the renewal example has something to renew. Created "as a person" through the sandbox's admin API.
 */
export function addExpiringContract(
	admin: AdminLike,
	now = Date.now(),
): { id: number } & Record<string, unknown> {
	const day = 86_400_000;
	return admin.create('Contracts', {
		companyID: 175,
		contractName: 'Fabrikam Legal LLP Backup Services',
		contractType: 7,
		status: 1,
		startDate: autotaskDate(now - 335 * day).slice(0, 10) + 'T00:00:00',
		endDate: autotaskDate(now + 30 * day).slice(0, 10) + 'T00:00:00',
		estimatedRevenue: 4800,
		estimatedCost: 2900,
		timeReportingRequiresStartAndStopTimes: 0,
		isDefaultContract: false,
	});
}

export interface ChatMessage {
	at: string;
	body: unknown;
}

export interface ChatReceiver {
	url: string;
	messages: ChatMessage[];
	/** the status it answers with (200; set 500 to play a chat outage) */
	status: number;
	close(): Promise<void>;
}

/**
 * A loopback stand-in for a Microsoft Teams or Slack incoming webhook: answers 200 "1" to a POST on /chat
 * (as Teams does) and records the JSON body; `onMessage` sees each one as it arrives. With `status` set to
 * another code it answers with that code and records nothing.
 */
export async function startChatReceiver(
	port = 0,
	onMessage?: (message: ChatMessage) => void,
): Promise<ChatReceiver> {
	const messages: ChatMessage[] = [];
	const receiver: ChatReceiver = { url: '', messages, status: 200, close: async () => undefined };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method !== 'POST' || req.url !== '/chat') {
				res.writeHead(404).end();
				return;
			}
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				/* kept as text */
			}
			if (receiver.status !== 200) {
				res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('unavailable');
				return;
			}
			const message = { at: new Date().toISOString(), body };
			messages.push(message);
			onMessage?.(message);
			res.writeHead(200, { 'content-type': 'text/plain' }).end('1');
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.address() as { port: number };
	receiver.url = `http://127.0.0.1:${address.port}/chat`;
	receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return receiver;
}
