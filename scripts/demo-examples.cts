/**
 * The example workflows of docs/examples, made runnable against a sandbox. Shared by the demo launcher
 * (scripts/demo.cts) and the end-to-end tests (test/e2e/examples.test.cts, test/e2e/templates.test.cts).
 *
 * - EXAMPLES: each file, how it starts and the sample payload that starts it; TEMPLATES: the templates;
 *   MCP_TEMPLATES: the MCP server template (its tools are called by MCP clients, not by a start event).
 * - prepareExample(): points every Autotask node (and Autotask tool) at a credential, the chat models at an
 *   OpenAI credential, the MCP Server Trigger at a bearer-token credential, the chat notice at a given URL
 *   and "another system" at a given origin.
 * - addExpiringContract(): a contract that ends 30 days from now (the demo seed's dates are fixed and past).
 * - addTemplateFixtures(): the company UDF and contact-linked devices the templates need.
 * - startChatReceiver(): a loopback stand-in for a Teams/Slack incoming webhook that records each notice,
 *   and for another system's API (its routes); every request is recorded.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import { REPO_DIR, type N8nInstance } from './n8n/harness.cjs';

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

/**
 * The workflow templates of docs/examples (issue #17): each starts the way a real one would (an Autotask
 * webhook, a form, a schedule), needs nothing but this package's nodes and n8n's own (no Code node), and
 * is run in real n8n by test/e2e/templates.test.cts.
 */
export const TEMPLATES: Array<ExampleInfo & { trigger: string; needs: string }> = [
	{
		file: 'ticket-sentiment-escalation',
		summary:
			"a contact's ticket note that an AI model reads as upset raises the ticket to High and tells the account manager in chat",
		trigger: 'Autotask Trigger: ticket note created',
		needs: 'webhooks; read companies and resources, edit tickets; an OpenAI-compatible model',
	},
	{
		file: 'suggested-reply-note',
		summary:
			"a new ticket gets an AI-drafted first reply, written with the company's recent tickets in mind, as an internal note",
		trigger: 'Autotask Trigger: ticket created',
		needs: 'webhooks; read tickets, add ticket notes; an OpenAI-compatible model',
	},
	{
		file: 'configuration-item-from-contact',
		summary:
			"a new ticket without a configuration item gets the contact's only device, or a note listing the candidates",
		trigger: 'Autotask Trigger: ticket created',
		needs:
			'webhooks; configuration items linked to contacts; read configuration items, edit tickets',
	},
	{
		file: 'form-answers-to-ticket',
		summary:
			'answers and a file sent through an n8n form are added to the ticket named by its number: the file as an attachment, the answers as a note',
		trigger: 'n8n Form Trigger',
		needs: 'read tickets, add ticket notes and attachments',
		webhookPath: 'ticket-details',
	},
	{
		file: 'stale-ticket-escalation',
		summary:
			'every hour, open tickets without activity for two days are posted to a chat channel with links',
		trigger: 'Schedule Trigger (hourly)',
		needs: 'read tickets; your Autotask web address',
	},
	{
		file: 'customers-to-client-system',
		summary:
			"every night, each customer company is created or updated in another system and that system's ID is written back to a company UDF",
		trigger: 'Schedule Trigger (nightly)',
		needs: 'a company UDF "External Client ID"; read and edit companies',
	},
	{
		file: 'alert-deduplication',
		summary:
			'an RMM alert finds or opens the one open ticket for that device and alert: a repeat adds a note instead of a ticket, a resolved alert completes it',
		trigger: 'Webhook (your RMM)',
		needs: 'read, add and edit tickets, add ticket notes',
		webhookPath: 'rmm-alert-dedup',
		payload: 'rmm-alert-dedup.json',
	},
	{
		file: 'new-user-request-form',
		summary:
			'a new user ticket gets a note linking to a form; the answer creates or updates the contact (matched by e-mail), moves the ticket on and adds the answers as a note',
		trigger: 'Autotask Trigger: ticket created; n8n Form',
		needs: 'webhooks; read and edit tickets and contacts, add ticket notes',
	},
	{
		file: 'offboarding-request-form',
		summary:
			"an offboarding ticket gets a note linking to a form; the answer deactivates the leaving user's contact (matched by e-mail), moves the ticket on and adds the answers as a note",
		trigger: 'Autotask Trigger: ticket created; n8n Form',
		needs: 'webhooks; read and edit tickets and contacts, add ticket notes',
	},
	{
		file: 'ticket-categorisation',
		summary:
			"a new ticket in the Triage queue gets its queue, priority, issue type and sub-issue type from an AI model, set by label, and the model's reasoning as an internal note",
		trigger: 'Autotask Trigger: ticket created',
		needs: 'webhooks; a Triage queue; edit tickets, add ticket notes; an OpenAI-compatible model',
	},
];

/**
 * The MCP server template (issue #16): n8n's MCP Server Trigger with Autotask tools (read-only ones first,
 * the writes named write_…), for Claude, ChatGPT or any MCP client. Run in real n8n by
 * test/e2e/mcp.test.cts with the official MCP SDK client.
 */
export const MCP_TEMPLATES: Array<
	ExampleInfo & { trigger: string; needs: string; mcpPath: string }
> = [
	{
		file: 'mcp-server',
		summary:
			'an MCP server for Claude, ChatGPT or any MCP client: search, read and count tickets, companies and contacts, add a ticket note, log time',
		trigger: 'MCP Server Trigger (Bearer Auth)',
		needs:
			'read tickets, companies, contacts and resources; add ticket notes and time entries (for the two write tools)',
		mcpPath: 'autotask',
	},
];

/** The placeholder address of "another system's API" in the templates, replaced by prepareExample(). */
export const OTHER_SYSTEM_URL = 'https://clients.example.com';
/** The name of the External Client ID company UDF the customers template writes. */
export const CLIENT_ID_UDF = 'External Client ID';

/** Node types that take n8n's OpenAI credential (openAiApi). */
export const OPENAI_TYPES = ['@n8n/n8n-nodes-langchain.lmChatOpenAi'];

/** The MCP Server Trigger; its Bearer Auth credential (httpBearerAuth) is set by prepareExample(). */
export const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';

export const AUTOTASK_TYPES = [
	'n8n-nodes-autotask-psa.autotask',
	'n8n-nodes-autotask-psa.autotaskTool',
	'n8n-nodes-autotask-psa.autotaskTrigger',
	'n8n-nodes-autotask-psa.autotaskPollTrigger',
];
/** The node that posts the chat notice (the RMM alert example, the sentiment and stale-ticket templates). */
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
	options: {
		credential: { id: string; name: string };
		chatUrl?: string;
		/** the OpenAI credential for the templates' chat model nodes */
		openAiCredential?: { id: string; name: string };
		/** the Bearer Auth credential (httpBearerAuth) of the MCP Server Trigger */
		mcpBearerCredential?: { id: string; name: string };
		/** replaces OTHER_SYSTEM_URL in HTTP Request URLs */
		otherSystemUrl?: string;
	},
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
			if (OPENAI_TYPES.includes(String(node.type)) && options.openAiCredential) {
				node.credentials = {
					openAiApi: { id: options.openAiCredential.id, name: options.openAiCredential.name },
				};
			}
			if (String(node.type) === MCP_TRIGGER_TYPE && options.mcpBearerCredential) {
				node.credentials = {
					httpBearerAuth: {
						id: options.mcpBearerCredential.id,
						name: options.mcpBearerCredential.name,
					},
				};
			}
			if (node.name === CHAT_NODE && options.chatUrl)
				node.parameters = { ...node.parameters, url: options.chatUrl };
			if (
				options.otherSystemUrl &&
				typeof node.parameters?.url === 'string' &&
				node.parameters.url.includes(OTHER_SYSTEM_URL)
			)
				node.parameters = {
					...node.parameters,
					url: node.parameters.url.replace(OTHER_SYSTEM_URL, options.otherSystemUrl),
				};
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

interface StoreLike {
	udfDefinitions: Map<string, Array<Record<string, unknown>>>;
}

/**
 * What the templates need beyond the demo seed, added "as a person" would in Autotask: the company UDF
 * External Client ID (customers template) and, for the configuration-item template, Fabrikam's contact
 * Luis Ortega (one device) and Contoso's contact Luis Ortega (two devices) as the contacts of active
 * configuration items. Returns the IDs the tests use.
 */
export function addTemplateFixtures(
	admin: AdminLike & {
		list(
			entity: string,
			where?: (r: Record<string, unknown>) => boolean,
		): Array<{ id: number } & Record<string, unknown>>;
	},
	store: StoreLike,
): { oneDeviceContact: number; twoDeviceContact: number; devices: number[] } {
	const companyUdfs = store.udfDefinitions.get('Company') ?? [];
	if (!companyUdfs.some((u) => u.name === CLIENT_ID_UDF))
		store.udfDefinitions.set('Company', [
			...companyUdfs,
			{ id: 8, name: CLIENT_ID_UDF, type: 'string', label: CLIENT_ID_UDF },
		]);
	const luis = (companyID: number) =>
		admin.list('Contacts', (c) => c.companyID === companyID && c.firstName === 'Luis')[0].id;
	const oneDeviceContact = luis(175);
	const twoDeviceContact = luis(174);
	const device = (companyID: number, contactID: number, referenceTitle: string, serial: string) =>
		admin.create('ConfigurationItems', {
			companyID,
			contactID,
			productID: 1,
			configurationItemType: 1,
			isActive: true,
			referenceTitle,
			serialNumber: serial,
		}).id;
	const devices = [
		device(175, oneDeviceContact, 'FABRIKAM-LT-LUIS', 'SN-LT-2001'),
		device(174, twoDeviceContact, 'CONTOSO-LT-LUIS', 'SN-LT-3001'),
		device(174, twoDeviceContact, 'CONTOSO-PC-LUIS', 'SN-PC-3002'),
	];
	return { oneDeviceContact, twoDeviceContact, devices };
}

export interface ChatMessage {
	at: string;
	body: unknown;
}

/** One request a receiver got. */
export interface ReceivedRequest {
	at: string;
	method: string;
	/** the path without the query */
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	/** parsed JSON, else the text */
	body: unknown;
}

/** What a receiver answers: JSON unless the body is a string. */
export interface ReceiverAnswer {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
}

/** Answers a request, or gives undefined to pass it on (in the end: 404). */
export type ReceiverRoute = (request: ReceivedRequest) => ReceiverAnswer | undefined;

export interface ChatReceiver {
	/** the incoming-webhook URL: {origin}/chat */
	url: string;
	/** http://127.0.0.1:port, for other paths ("another system's API") */
	origin: string;
	/** the chat notices received */
	messages: ChatMessage[];
	/** every request received, chat notices or not, answered or not */
	requests: ReceivedRequest[];
	/** the status it answers chat notices with (200; set 500 to play a chat outage) */
	status: number;
	/** answers for other paths, tried in order; set or push freely */
	routes: ReceiverRoute[];
	close(): Promise<void>;
}

/**
 * A loopback stand-in for a Microsoft Teams or Slack incoming webhook and for another system's HTTP API.
 * A POST on /chat is answered 200 "1" (as Teams does) and its JSON body recorded in `messages`;
 * `onMessage` sees each one as it arrives. With `status` set to another code it answers with that code
 * and records no message. Other requests go to `routes` (the first that answers wins), else 404.
 * Every request is recorded in `requests`.
 */
export async function startChatReceiver(
	port = 0,
	onMessage?: (message: ChatMessage) => void,
): Promise<ChatReceiver> {
	const messages: ChatMessage[] = [];
	const requests: ReceivedRequest[] = [];
	const receiver: ChatReceiver = {
		url: '',
		origin: '',
		messages,
		requests,
		status: 200,
		routes: [],
		close: async () => undefined,
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			try {
				body = JSON.parse(text);
			} catch {
				/* kept as text */
			}
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const request: ReceivedRequest = {
				at: new Date().toISOString(),
				method: req.method ?? '',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			};
			requests.push(request);
			if (req.method === 'POST' && url.pathname === '/chat') {
				if (receiver.status !== 200) {
					res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('unavailable');
					return;
				}
				const message = { at: request.at, body };
				messages.push(message);
				onMessage?.(message);
				res.writeHead(200, { 'content-type': 'text/plain' }).end('1');
				return;
			}
			let answer: ReceiverAnswer | undefined;
			for (const route of receiver.routes) {
				answer = route(request);
				if (answer) break;
			}
			if (!answer) {
				res.writeHead(404).end();
				return;
			}
			const isText = typeof answer.body === 'string';
			res
				.writeHead(answer.status ?? 200, {
					'content-type': isText ? 'text/plain' : 'application/json',
					...answer.headers,
				})
				.end(answer.body === undefined ? '' : isText ? answer.body : JSON.stringify(answer.body));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const address = server.address() as { port: number };
	receiver.origin = `http://127.0.0.1:${address.port}`;
	receiver.url = `${receiver.origin}/chat`;
	receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return receiver;
}

/**
 * The field list n8n's editor loads when an Autotask node's Fields (resource mapper) opens: the
 * resource mapper's getFields, asked the way the editor asks it. The saved lists of the examples must
 * equal it, or n8n shows "Fields are outdated".
 */
export async function editorFieldList(
	n8n: N8nInstance,
	node: Record<string, any>,
	credentials: unknown = node.credentials,
): Promise<Array<Record<string, unknown>>> {
	const { parentId: _parentId, fields: _fields, ...current } = node.parameters;
	const fetched = await n8n.rest<{ fields: Array<Record<string, unknown>> }>(
		'POST',
		'/dynamic-node-parameters/resource-mapper-fields',
		{
			nodeTypeAndVersion: { name: node.type, version: node.typeVersion },
			methodName: 'getFields',
			path: 'parameters.fields',
			currentNodeParameters: current,
			credentials,
		},
	);
	return fetched.fields;
}
