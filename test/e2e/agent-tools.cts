/**
 * A typical Autotask agent for the end-to-end agent suite: Webhook (answers with the agent's output) →
 * n8n's AI Agent with the OpenAI Chat Model (pointed at the model stand-in) and ten Autotask tools, the
 * model filling each tool's inputs through `$fromAI()` with a description that says the type, an
 * example, and where labels or names are accepted.
 */
import type { Credential } from './helpers.cjs';
import { TYPES } from './helpers.cjs';

export const AGENT_PATH = 'ask-autotask';

const fromAi = (key: string, description: string, type = 'string') =>
	`={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${description}\`, '${type}') }}`;

const COMPANY = fromAi(
	'company',
	'The company, by its exact name (e.g. Fabrikam Legal LLP) or numeric ID',
);
const TICKET_NUMBER = fromAi('ticket_number', 'The ticket number, e.g. T20250901.0001');

interface ToolSpec {
	name: string;
	/** a manual tool description; absent: n8n's own, from the operation ("Create a ticket in Autotask") */
	description?: string;
	parameters: Record<string, unknown>;
}

const conditions = (...rows: Array<[string, string, string]>) => ({
	filterMode: 'conditions',
	conditions: { condition: rows.map(([field, op, value]) => ({ field, op, value })) },
	combine: 'and',
});

/** The ten tools: reads first, then the writes, each named for what it does. */
export const AGENT_TOOLS: ToolSpec[] = [
	{
		name: 'Search tickets',
		description: 'Find tickets whose title contains a text. Read-only.',
		parameters: {
			resource: 'ticket',
			operation: 'getMany',
			...conditions([
				'title',
				'contains',
				fromAi('search', 'Text the title contains, e.g. printer'),
			]),
			returnAll: false,
			limit: fromAi('limit', 'How many tickets at most, a number from 1 to 50, e.g. 10', 'number'),
			simplify: true,
		},
	},
	{
		name: 'Get ticket',
		description: 'Read one ticket by its ticket number. Read-only.',
		parameters: {
			resource: 'ticket',
			operation: 'get',
			id: { __rl: true, mode: 'ticketNumber', value: TICKET_NUMBER },
			simplify: true,
		},
	},
	{
		name: 'Open tickets of company',
		description: 'List the open (not Complete) tickets of one company. Read-only.',
		parameters: {
			resource: 'ticket',
			operation: 'getMany',
			...conditions(['companyID', 'eq', COMPANY], ['status', 'noteq', 'Complete']),
			returnAll: false,
			limit: 20,
			simplify: true,
		},
	},
	{
		name: 'Count open tickets',
		description: 'Count the open (not Complete) tickets of one company. Read-only.',
		parameters: {
			resource: 'ticket',
			operation: 'count',
			...conditions(['companyID', 'eq', COMPANY], ['status', 'noteq', 'Complete']),
		},
	},
	{
		name: 'Search companies',
		description: 'Find companies whose name contains a text. Read-only.',
		parameters: {
			resource: 'company',
			operation: 'getMany',
			...conditions([
				'companyName',
				'contains',
				fromAi('name', 'Text the company name contains, e.g. Fabrikam'),
			]),
			returnAll: false,
			limit: 10,
			simplify: true,
		},
	},
	{
		name: 'Search contacts',
		description: 'Find contacts whose last name contains a text. Read-only.',
		parameters: {
			resource: 'contact',
			operation: 'getMany',
			...conditions([
				'lastName',
				'contains',
				fromAi('last_name', 'Text the last name contains, e.g. Park'),
			]),
			returnAll: false,
			limit: 10,
			simplify: true,
		},
	},
	{
		// n8n's description from the operation: "Create a ticket in Autotask".
		name: 'Create ticket',
		parameters: {
			resource: 'ticket',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: {
					companyID: COMPANY,
					title: fromAi('title', 'A short title, at most 255 characters, e.g. Printer jam'),
					description: fromAi('details', 'What the customer reported, as plain text'),
					priority: fromAi('priority', 'The priority label: Critical, High, Medium or Low'),
					status: 'New',
				},
			},
		},
	},
	{
		name: 'Add ticket note',
		description: 'WRITES: add an internal note to a ticket given by its ticket number.',
		parameters: {
			resource: 'ticketNote',
			operation: 'create',
			parentId: { __rl: true, mode: 'ticketNumber', value: TICKET_NUMBER },
			fields: {
				mappingMode: 'defineBelow',
				value: {
					title: fromAi('title', 'A short title for the note, e.g. Called the customer'),
					description: fromAi('text', 'The note text'),
					noteType: 'Internal Notes',
					publish: 'Internal Users Only',
				},
			},
		},
	},
	{
		name: 'Set ticket status',
		description:
			'WRITES: change the status of a ticket given by its ticket number. Call it with preview true first to show the change, then with preview false to make it.',
		parameters: {
			resource: 'ticket',
			operation: 'update',
			id: { __rl: true, mode: 'ticketNumber', value: TICKET_NUMBER },
			writeOptions: {
				previewOnly: fromAi(
					'preview',
					'true: only show the request, change nothing; false: change the ticket',
					'boolean',
				),
			},
			fields: {
				mappingMode: 'defineBelow',
				value: {
					status: fromAi(
						'status',
						'The status label, e.g. In Progress, Waiting Customer or Complete',
					),
				},
			},
		},
	},
	{
		name: 'Log time',
		description: 'WRITES: log time worked on a ticket for a technician.',
		parameters: {
			resource: 'timeEntry',
			operation: 'create',
			fields: {
				mappingMode: 'defineBelow',
				value: {
					ticketID: TICKET_NUMBER,
					resourceID: fromAi(
						'technician',
						"The technician's email address or full name, e.g. alex.morgan@sandbox-msp.example",
					),
					hoursWorked: fromAi(
						'hours',
						'Hours worked as a number, e.g. 0.5 for 30 minutes',
						'number',
					),
					summaryNotes: fromAi('summary', 'What was done, as plain text'),
					dateWorked: '={{ $now.toISODate() }}',
				},
			},
		},
	},
];

/** n8n's tool name for a node name (spaces become underscores). */
export const toolName = (nodeName: string) => nodeName.replace(/ /g, '_');

export function agentWorkflow(
	name: string,
	credential: Credential,
	openAiCredential: Credential,
	tools: ToolSpec[] = AGENT_TOOLS,
	agentVersion = 3.1,
) {
	const toolNodes = tools.map((tool, n) => ({
		id: `tool-${n}`,
		name: tool.name,
		type: TYPES.tool,
		typeVersion: 1,
		position: [200 + n * 160, 400],
		parameters: {
			...(tool.description ? { descriptionType: 'manual', toolDescription: tool.description } : {}),
			...tool.parameters,
		},
		credentials: { autotaskApi: credential },
	}));
	return {
		name,
		nodes: [
			{
				id: 'hook',
				name: 'Question',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: AGENT_PATH,
				parameters: {
					httpMethod: 'POST',
					path: AGENT_PATH,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: {},
				},
			},
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: agentVersion,
				position: [300, 0],
				parameters: {
					promptType: 'define',
					text: '={{ $json.body.question }}',
					options: {
						systemMessage:
							'You help an MSP technician with Autotask. Use the tools; never guess IDs.',
					},
				},
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [100, 400],
				parameters: {
					model: { __rl: true, mode: 'list', value: 'gpt-4o-mini' },
					options: { temperature: 0 },
				},
				credentials: { openAiApi: openAiCredential },
			},
			...toolNodes,
		],
		connections: {
			Question: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			...Object.fromEntries(
				toolNodes.map((t) => [
					t.name,
					{ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
				]),
			),
		},
		settings: { executionOrder: 'v1' },
	};
}
