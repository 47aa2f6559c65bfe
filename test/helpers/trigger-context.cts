/**
 * Contexts for the Autotask Trigger: IHookFunctions (webhookMethods), ILoadOptionsFunctions and
 * IWebhookFunctions, on n8n-core's real request helpers (taken from createExecuteContext), plus a small
 * node:http server on 127.0.0.1 that plays n8n's webhook endpoint: it hands each received callout, with
 * its raw body bytes, to the node's webhook() and records what the node answered and emitted.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { AutotaskTrigger } from '../../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { createExecuteContext, type CredentialStore } from './n8n-context.cjs';

export interface Received {
	name: string;
	status: number;
	body: string;
	started: boolean;
}

export interface TriggerHarness {
	node: AutotaskTrigger;
	nodeInfo: INode;
	staticData: IDataObject;
	parameters: IDataObject;
	logs: string[];
	/** One entry per callout that started the workflow: its items */
	outputs: INodeExecutionData[][];
	received: Received[];
	webhookUrl: (name: string) => string;
	hooks: () => IHookFunctions;
	loadOptions: () => ILoadOptionsFunctions;
	/** POST straight to the receiver (forged callouts) */
	post: (
		name: 'webhook' | 'deactivation',
		body: string,
		headers?: Record<string, string>,
	) => Promise<Received>;
	close: () => Promise<void>;
}

export interface HarnessOptions {
	credentials: CredentialStore;
	parameters: IDataObject;
	workflowId?: string;
	nodeId?: string;
	/** Share static data with an earlier harness (a restart of the same workflow) */
	staticData?: IDataObject;
	/** Listen on this port (a restarted n8n keeps its webhook URLs) */
	port?: number;
}

function logger(lines: string[]) {
	const at = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
	return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function createTriggerHarness(options: HarnessOptions): Promise<TriggerHarness> {
	const node = new AutotaskTrigger();
	const nodeInfo: INode = {
		id: options.nodeId ?? 'a1b2c3d4-0000-4000-8000-000000000001',
		name: 'Autotask Trigger',
		type: 'n8n-nodes-autotask-psa.autotaskTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { autotaskApi: { id: '1', name: 'Autotask' } },
	};
	const exec = createExecuteContext({ credentials: options.credentials, node: nodeInfo });
	const staticData: IDataObject = options.staticData ?? {};
	const parameters = options.parameters;
	const logs: string[] = [];
	const outputs: INodeExecutionData[][] = [];
	const received: Received[] = [];
	const workflow = {
		id: options.workflowId ?? 'wf0123456789abcdefXYZ',
		name: 'Test',
		active: true,
	};

	const base = {
		getNode: () => nodeInfo,
		getWorkflow: () => workflow,
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: exec.getCredentials,
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		getNodeParameter: (name: string, fallback?: unknown) =>
			parameters[name] === undefined ? fallback : parameters[name],
		getCurrentNodeParameter: (name: string) => parameters[name],
		logger: logger(logs),
		helpers: exec.helpers,
	};

	const names: Record<string, string> = { webhook: 'default', deactivation: 'deactivation' };
	let port = 0;
	const webhookUrl = (name: string) =>
		`http://127.0.0.1:${port}/${name === 'default' ? 'webhook' : name}`;

	async function handle(
		path: string,
		req: IncomingMessage,
		raw: Buffer,
	): Promise<{ status: number; body: string; started: boolean }> {
		const name = names[path.replace(/^\//, '')];
		if (!name) return { status: 404, body: '', started: false };
		let parsed: IDataObject = {};
		try {
			parsed = JSON.parse(raw.toString('utf8')) as IDataObject;
		} catch {
			// n8n hands the node an empty body when JSON parsing fails; the node reads rawBody itself
		}
		let status = 200;
		let body = '';
		let ended = false;
		const res = {
			status(code: number) {
				status = code;
				return res;
			},
			json(value: unknown) {
				body = JSON.stringify(value);
				ended = true;
				return res;
			},
			send(value?: unknown) {
				body = value === undefined ? '' : String(value);
				ended = true;
				return res;
			},
			end() {
				ended = true;
				return res;
			},
		};
		const ctx = {
			...base,
			getWebhookName: () => name,
			getRequestObject: () => ({ headers: req.headers, body: parsed, rawBody: raw }),
			getResponseObject: () => res,
			getHeaderData: () => req.headers,
			getBodyData: () => parsed,
			getNodeWebhookUrl: webhookUrl,
			helpers: {
				...exec.helpers,
				returnJsonArray: (data: IDataObject | IDataObject[]) =>
					(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			},
		} as unknown as IWebhookFunctions;
		let result: IWebhookResponseData;
		try {
			result = await node.webhook.call(ctx);
		} catch (error) {
			logs.push(`threw: ${(error as Error).message}`);
			return { status: 500, body: (error as Error).message, started: false };
		}
		if (result.noWebhookResponse) {
			if (!ended) throw new Error('webhook() asked for no response but did not answer');
		} else {
			status = 200;
			body = JSON.stringify({ message: 'Workflow was started' });
		}
		const started = !!result.workflowData;
		if (result.workflowData) outputs.push(result.workflowData[0]);
		return { status, body, started };
	}

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void handle(req.url ?? '', req, Buffer.concat(chunks)).then((r) => {
				received.push({ name: req.url ?? '', ...r });
				res.writeHead(r.status, { 'Content-Type': 'application/json' }).end(r.body);
			});
		});
	});
	await new Promise<void>((resolve) =>
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve()),
	);
	port = (server.address() as AddressInfo).port;

	const post = async (
		name: 'webhook' | 'deactivation',
		body: string,
		headers: Record<string, string> = {},
	) => {
		const before = received.length;
		const r = await fetch(`http://127.0.0.1:${port}/${name}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', ...headers },
			body,
		});
		await r.text();
		return received[before] ?? { name, status: r.status, body: '', started: false };
	};

	return {
		node,
		nodeInfo,
		staticData,
		parameters,
		logs,
		outputs,
		received,
		webhookUrl,
		hooks: () =>
			({
				...base,
				getWebhookName: () => 'default',
				getNodeWebhookUrl: webhookUrl,
			}) as unknown as IHookFunctions,
		loadOptions: () => base as unknown as ILoadOptionsFunctions,
		post,
		close: () =>
			new Promise<void>((resolve) =>
				server.listening ? server.close(() => resolve()) : resolve(),
			),
	};
}
