/**
 * The MCP server template (docs/examples/mcp-server.json, issue #16) in real n8n 2.41.1 against the demo
 * sandbox, used the way Claude, ChatGPT or any MCP client uses it: the official MCP SDK client connects to
 * the MCP Server Trigger's production URL with the template's Bearer Auth, lists the tools (names,
 * descriptions, input schemas from the $fromAI parameters) and calls them. Each call is checked by what it
 * answers and by the requests the sandbox received; the two write tools by the records they created; bad
 * calls by an error result that names the parameter, with the server still answering afterwards.
 */
import { randomBytes } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { JournalEntry } from '../../sandbox/journal.cjs';
import {
	AUTOTASK_TYPES,
	loadExample,
	MCP_TEMPLATES,
	prepareExample,
	editorFieldList,
} from '../../scripts/demo-examples.cjs';
import type { N8nInstance } from '../../scripts/n8n/harness.cjs';
import { describeE2E, startN8nOnSandbox, TYPES, type Credential } from './helpers.cjs';

const FABRIKAM = 175;
const COMPLETE = 5;
const TEMPLATE = MCP_TEMPLATES[0];
const TOKEN = randomBytes(24).toString('hex');
/** The tools in the order an MCP client sees them: the read-only ones first. */
const TOOL_NAMES = [
	'search_tickets',
	'get_ticket_by_number',
	'list_open_tickets_of_company',
	'search_companies',
	'search_contacts',
	'count_tickets',
	'write_ticket_note',
	'write_time_entry',
];

let sb: Sandbox;
let n8n: N8nInstance;
let client: Client;
let workflowId: string;
const template = loadExample(TEMPLATE.file);
const started = Date.now();

const mcpUrl = () => new URL(`${n8n.url}/mcp/${TEMPLATE.mcpPath}`);
const api = (path: string) => `/ATServicesRest/V1.0/${path}`;
const bodiesOf = (method: string, path: string) =>
	sb.journal
		.filter((e: JournalEntry) => e.method === method && e.path === api(path))
		.map((e) => e.body as Record<string, any>);
/** The requests that reached Autotask's data (metadata reads left out, as the node caches them). */
const dataRequests = () =>
	sb.journal
		.filter((e) => !/entityInformation|VersionInformation/.test(e.path))
		.map((e) => `${e.method} ${e.path.replace(api(''), '')}`);

/** The $fromAI('key', 'description', 'type') calls in a node's parameters. */
function fromAiParameters(node: Record<string, any>) {
	const out = new Map<string, { description: string; type: string; optional: boolean }>();
	for (const m of JSON.stringify(node.parameters).matchAll(
		/\$fromAI\('([^']*)',\s*'([^']*)'(?:,\s*'([^']*)')?(,\s*'[^']*')?\)/g,
	))
		out.set(m[1], { description: m[2], type: m[3] ?? 'string', optional: !!m[4] });
	return out;
}

interface ToolAnswer {
	isError: boolean;
	text: string;
}

/** The tools/call requests made, in order: the tool, and whether its arguments passed the input schema. */
const calls: Array<{ name: string; valid: boolean }> = [];

async function call(
	name: string,
	args: Record<string, unknown>,
	valid = true,
): Promise<ToolAnswer> {
	calls.push({ name, valid });
	const result = (await client.callTool({ name, arguments: args })) as {
		isError?: boolean;
		content: Array<{ type: string; text?: string }>;
	};
	return {
		isError: result.isError === true,
		text: result.content.map((c) => c.text ?? '').join('\n'),
	};
}

/** A successful call's records (the tool answers with the JSON of the node's output items). */
async function records(name: string, args: Record<string, unknown>): Promise<any[]> {
	const answer = await call(name, args);
	expect([name, answer.isError, answer.text.slice(0, 300)]).toEqual([
		name,
		false,
		expect.stringMatching(/^\[/),
	]);
	return JSON.parse(answer.text) as any[];
}

const sortedIds = (list: Array<{ id: unknown }>) =>
	list.map((r) => Number(r.id)).sort((a, b) => a - b);

describeE2E('the MCP server template, used by an MCP client, in real n8n', () => {
	beforeAll(
		async () => {
			sb = await startSandbox({ seed: 'demo' });
			let credential: Credential;
			({ n8n, credential } = await startN8nOnSandbox(sb));
			const bearer = await n8n.createCredential('Autotask MCP token', 'httpBearerAuth', {
				token: TOKEN,
			});
			const workflow = prepareExample(template, { credential, mcpBearerCredential: bearer });
			workflowId = (await n8n.importWorkflow(workflow)).id;
			const published = await n8n.activate(workflowId);
			expect(published.active).toBe(true);
			client = new Client({ name: 'autotask-e2e', version: '1.0.0' });
			await client.connect(
				new StreamableHTTPClientTransport(mcpUrl(), {
					requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
				}),
			);
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await client?.close();
		await n8n?.stop();
		await sb?.close();
		process.stdout.write(
			`mcp e2e: ${((Date.now() - started) / 1000).toFixed(1)} s including n8n start\n`,
		);
	}, 60000);

	beforeEach(() => {
		sb.journal.splice(0);
	});

	test('without the bearer token, or with another one, n8n refuses the client and nothing reaches Autotask', async () => {
		for (const authorization of [undefined, 'Bearer not-the-token']) {
			const answer = await fetch(mcpUrl(), {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					accept: 'application/json, text/event-stream',
					...(authorization ? { authorization } : {}),
				},
				body: JSON.stringify({
					jsonrpc: '2.0',
					id: 1,
					method: 'initialize',
					params: {
						protocolVersion: '2025-03-26',
						capabilities: {},
						clientInfo: { name: 'stranger', version: '1' },
					},
				}),
			});
			expect([authorization, answer.status]).toEqual([authorization, 403]);
		}
		const stranger = new Client({ name: 'stranger', version: '1' });
		await expect(
			stranger.connect(
				new StreamableHTTPClientTransport(mcpUrl(), {
					requestInit: { headers: { Authorization: 'Bearer not-the-token' } },
				}),
			),
		).rejects.toThrow(/Authorization data is wrong/);
		expect(sb.journal).toEqual([]);
	});

	test('the server introduces itself with instructions that name the write tools', () => {
		expect(client.getServerVersion()?.name).toBe('Autotask_MCP_server');
		expect(client.getInstructions()).toMatch(/write_\.\.\. change Autotask/);
	});

	test('tools/list: the eight tools, read-only first, each with its description and an input schema of its $fromAI parameters', async () => {
		const { tools } = await client.listTools();
		expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
		const nodes = template.nodes.filter((n) => n.type === TYPES.tool);
		for (const tool of tools) {
			const node = nodes.find((n) => n.name === tool.name)!;
			expect(tool.description).toBe(node.parameters.toolDescription);
			expect(
				tool.description!.startsWith(tool.name.startsWith('write_') ? 'WRITES' : 'Read-only'),
			).toBe(true);
			const parameters = fromAiParameters(node);
			expect([tool.name, Object.keys(tool.inputSchema.properties ?? {}).sort()]).toEqual([
				tool.name,
				[...parameters.keys()].sort(),
			]);
			// an input declared with a default (an optional filter) may be left out
			expect([tool.name, [...(tool.inputSchema.required ?? [])].sort()]).toEqual([
				tool.name,
				[...parameters]
					.filter(([, p]) => !p.optional)
					.map(([key]) => key)
					.sort(),
			]);
			for (const [key, p] of parameters) {
				expect([tool.name, key, (tool.inputSchema.properties as any)[key]]).toEqual([
					tool.name,
					key,
					expect.objectContaining({ type: p.type, description: p.description }),
				]);
				expect(p.description).toMatch(/e\.g\. /);
			}
		}
		// what the client puts in front of the model for all eight tools stays small
		const size = JSON.stringify(tools).length;
		process.stdout.write(
			`mcp e2e: tools/list is ${size} characters of JSON for ${tools.length} tools\n`,
		);
		expect(size).toBeLessThan(8000);
		// a handful of short parameters each: what the model has to fill
		expect(tools.map((t) => Object.keys(t.inputSchema.properties ?? {}).length)).toEqual([
			2, 1, 1, 1, 1, 2, 3, 5,
		]);
	});

	test('list_open_tickets_of_company: the company by name (any case) gives its open tickets, with labels', async () => {
		const expected = sb.admin.list(
			'Tickets',
			(t) => t.companyID === FABRIKAM && t.status !== COMPLETE,
		);
		expect(expected.length).toBeGreaterThan(1);
		const tickets = await records('list_open_tickets_of_company', {
			company: 'fabrikam legal llp',
		});
		expect(sortedIds(tickets)).toEqual(sortedIds(expected));
		for (const t of tickets) {
			expect(t).toMatchObject({ companyID: FABRIKAM, ticketNumber: expect.any(String) });
			expect(t.status_label).not.toBe('Complete');
		}
		expect(bodiesOf('POST', 'Companies/query')[0].filter).toEqual([
			{ op: 'in', field: 'companyName', value: ['fabrikam legal llp'] },
		]);
		expect(bodiesOf('POST', 'Tickets/query')).toEqual([
			{
				filter: [
					{ op: 'eq', field: 'companyID', value: FABRIKAM },
					{ op: 'noteq', field: 'status', value: COMPLETE },
				],
				MaxRecords: 50,
			},
		]);
	});

	test('get_ticket_by_number: one ticket with all its fields, looked up by its number', async () => {
		const ticket = sb.admin.list('Tickets', (t) => t.companyID === FABRIKAM)[0];
		const [got] = await records('get_ticket_by_number', {
			ticket_number: ticket.ticketNumber,
		});
		expect(got).toMatchObject({
			id: ticket.id,
			ticketNumber: ticket.ticketNumber,
			title: ticket.title,
			description: ticket.description,
			status_label: expect.any(String),
		});
		expect(dataRequests()).toEqual(['POST Tickets/query', `GET Tickets/${ticket.id}`]);
		expect(bodiesOf('POST', 'Tickets/query')[0].filter).toEqual([
			{ op: 'eq', field: 'ticketNumber', value: ticket.ticketNumber },
		]);
	});

	test('count_tickets: of one company by name, or of one status by label, or all (empty text)', async () => {
		const count = async (args: Record<string, unknown>) =>
			(await records('count_tickets', args))[0].count as number;
		expect(await count({ company: 'Fabrikam Legal LLP', status: '' })).toBe(
			sb.admin.list('Tickets', (t) => t.companyID === FABRIKAM).length,
		);
		expect(await count({ company: '', status: 'Complete' })).toBe(
			sb.admin.list('Tickets', (t) => t.status === COMPLETE).length,
		);
		expect(await count({ company: 'Fabrikam Legal LLP', status: 'New' })).toBe(
			sb.admin.list('Tickets', (t) => t.companyID === FABRIKAM && t.status === 1).length,
		);
		expect(bodiesOf('POST', 'Tickets/query/count').map((b) => b.filter)).toEqual([
			[{ op: 'eq', field: 'companyID', value: FABRIKAM }],
			[{ op: 'eq', field: 'status', value: COMPLETE }],
			[
				{ op: 'eq', field: 'companyID', value: FABRIKAM },
				{ op: 'eq', field: 'status', value: 1 },
			],
		]);
	});

	test('search_tickets: words of the title, optionally one status by label', async () => {
		const printer = sb.admin.list('Tickets', (t) => /printer/i.test(String(t.title)));
		expect(printer.length).toBeGreaterThan(0);
		expect(sortedIds(await records('search_tickets', { text: 'printer', status: '' }))).toEqual(
			sortedIds(printer),
		);
		const found = await records('search_tickets', { text: '', status: 'In Progress' });
		expect(sortedIds(found)).toEqual(sortedIds(sb.admin.list('Tickets', (t) => t.status === 8)));
		expect(found.map((t) => t.status_label)).toEqual(found.map(() => 'In Progress'));
		expect(bodiesOf('POST', 'Tickets/query')).toEqual([
			{ filter: [{ op: 'contains', field: 'title', value: 'printer' }], MaxRecords: 25 },
			{ filter: [{ op: 'eq', field: 'status', value: 8 }], MaxRecords: 25 },
		]);
	});

	test('search_companies and search_contacts: part of a name or e-mail address', async () => {
		const companies = await records('search_companies', { name: 'fabrikam' });
		expect(companies.map((c) => [c.id, c.companyName, c.companyType_label])).toEqual([
			[FABRIKAM, 'Fabrikam Legal LLP', 'Customer'],
		]);
		const contacts = await records('search_contacts', { name_or_email: 'luis' });
		const luis = sb.admin.list('Contacts', (c) => c.firstName === 'Luis');
		expect(luis.length).toBeGreaterThan(0);
		expect(sortedIds(contacts)).toEqual(sortedIds(luis));
		expect(bodiesOf('POST', 'Contacts/query')[0].filter).toEqual([
			{
				op: 'or',
				items: ['firstName', 'lastName', 'emailAddress'].map((field) => ({
					op: 'contains',
					field,
					value: 'luis',
				})),
			},
		]);
		const byMail = await records('search_contacts', { name_or_email: '@fabrikam' });
		expect(sortedIds(byMail)).toEqual(
			sortedIds(sb.admin.list('Contacts', (c) => String(c.emailAddress).includes('@fabrikam'))),
		);
	});

	test('write_ticket_note: adds an internal note to the ticket given by number, and answers with it', async () => {
		const ticket = sb.admin.list('Tickets', (t) => t.companyID === FABRIKAM)[1];
		const [note] = await records('write_ticket_note', {
			ticket_number: ticket.ticketNumber,
			title: 'Called the customer',
			note: 'Printer driver reinstalled; it prints again.',
		});
		const saved = sb.admin.list(
			'TicketNotes',
			(n) => n.ticketID === ticket.id && n.title === 'Called the customer',
		);
		expect(saved).toHaveLength(1);
		expect(note).toMatchObject({ id: saved[0].id, ticketID: ticket.id });
		expect(bodiesOf('POST', `Tickets/${ticket.id}/Notes`)).toEqual([
			{
				title: 'Called the customer',
				description: 'Printer driver reinstalled; it prints again.',
				noteType: 13, // Internal Notes
				publish: 3, // Internal Users Only
				ticketID: ticket.id,
			},
		]);
	});

	test('write_time_entry: logs time on the ticket given by number, for the resource given by name', async () => {
		const ticket = sb.admin.list('Tickets', (t) => t.companyID === FABRIKAM)[2];
		const alex = sb.admin.list('Resources', (r) => r.firstName === 'Alex')[0];
		const [entry] = await records('write_time_entry', {
			ticket_number: ticket.ticketNumber,
			resource: 'Alex Morgan',
			date: '2026-12-01',
			hours: 0.5,
			summary: 'Reset the password and tested the login.',
		});
		const saved = sb.admin.list(
			'TimeEntries',
			(e) =>
				e.ticketID === ticket.id && e.summaryNotes === 'Reset the password and tested the login.',
		);
		expect(saved).toHaveLength(1);
		expect(entry).toMatchObject({ id: saved[0].id, resourceID: alex.id, hoursWorked: 0.5 });
		expect(bodiesOf('POST', 'TimeEntries')).toEqual([
			{
				ticketID: ticket.id,
				resourceID: alex.id,
				dateWorked: '2026-12-01T00:00:00.000Z',
				hoursWorked: 0.5,
				summaryNotes: 'Reset the password and tested the login.',
			},
		]);
	});

	test('bad calls come back as error results naming the parameter, nothing is written, and the server goes on', async () => {
		const notes = sb.admin.list('TicketNotes').length;
		// The node answers a call it cannot carry out with a result naming the input to change
		// (helpers/agent-tool.ts), so the model can correct its call.
		const answer = (result: { isError?: boolean; text: string }) => {
			expect(result.isError).toBe(false);
			return JSON.parse(result.text)[0] as { error: string; fix?: string; checkInputs?: string[] };
		};
		const unknownCompany = answer(
			await call('list_open_tickets_of_company', { company: 'No Such Company Ltd' }),
		);
		expect(unknownCompany.error).toMatch(/No Company named "No Such Company Ltd" for companyID/);
		expect(unknownCompany.fix).toMatch(/give the numeric ID/);
		expect(unknownCompany.checkInputs).toEqual(['company']);
		expect(bodiesOf('POST', 'Tickets/query')).toEqual([]);

		const unknownStatus = answer(
			await call('search_tickets', { text: 'printer', status: 'Urgentish' }),
		);
		expect(unknownStatus.error).toMatch(/status "Urgentish" is not one of its picklist labels/);
		expect(unknownStatus.fix).toMatch(/status must be one of: New, Complete, .*In Progress/);
		expect(unknownStatus.checkInputs).toEqual(['status']);

		// Arguments that do not fit the tool's schema are refused by n8n's MCP trigger itself.
		const missing = await call('write_ticket_note', { title: 'No ticket', note: 'x' }, false);
		expect(missing).toEqual({ isError: true, text: expect.stringMatching(/at ticket_number/) });
		const wrongType = await call(
			'write_time_entry',
			{
				ticket_number: 'T20250901.0001',
				resource: 'Alex Morgan',
				date: '2026-12-01',
				hours: 'half an hour',
				summary: 'x',
			},
			false,
		);
		expect(wrongType).toEqual({
			isError: true,
			text: expect.stringMatching(/Expected number[\s\S]*at hours/),
		});
		const unknownTicket = answer(
			await call('write_ticket_note', {
				ticket_number: 'T19990101.0001',
				title: 'Lost',
				note: 'x',
			}),
		);
		expect(unknownTicket.error).toMatch(/Autotask has no ticket with number T19990101\.0001/);
		expect(unknownTicket.checkInputs).toEqual(['ticket_number']);
		const notATicketNumber = answer(
			await call('get_ticket_by_number', { ticket_number: 'ticket 42' }),
		);
		expect(notATicketNumber.error).toMatch(/"ticket 42" is not a ticket number/);
		expect(notATicketNumber.checkInputs).toEqual(['ticket_number']);
		expect(sb.admin.list('TicketNotes')).toHaveLength(notes);
		expect(sb.journal.filter((e) => e.method === 'POST' && !/query/.test(e.path))).toEqual([]);

		// the same session still works
		const [{ count }] = await records('count_tickets', {
			company: 'Fabrikam Legal LLP',
			status: '',
		});
		expect(count).toBeGreaterThan(0);
	});

	test('an SSE client (older MCP clients) gets the same tools from the same URL', async () => {
		const sse = new Client({ name: 'autotask-e2e-sse', version: '1.0.0' });
		await sse.connect(
			new SSEClientTransport(mcpUrl(), {
				requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
				eventSourceInit: {
					fetch: (url, init) =>
						fetch(url, {
							...init,
							headers: { ...(init?.headers as object), Authorization: `Bearer ${TOKEN}` },
						}),
				},
			}),
		);
		try {
			expect((await sse.listTools()).tools.map((t) => t.name)).toEqual(TOOL_NAMES);
			calls.push({ name: 'search_companies', valid: true });
			const result = (await sse.callTool({
				name: 'search_companies',
				arguments: { name: 'fabrikam' },
			})) as { content: Array<{ text: string }> };
			expect(JSON.parse(result.content[0].text)[0].companyName).toBe('Fabrikam Legal LLP');
		} finally {
			await sse.close();
		}
	});

	test('the write tools hold the field lists the editor loads, so none shows "Fields are outdated"', async () => {
		const stored = await n8n.getWorkflow(workflowId);
		const withFields = (stored.nodes as Array<Record<string, any>>).filter(
			(n) => AUTOTASK_TYPES.includes(String(n.type)) && n.parameters.fields,
		);
		expect(withFields.map((n) => n.name)).toEqual(['write_ticket_note', 'write_time_entry']);
		for (const node of withFields) {
			const loaded = await editorFieldList(n8n, node);
			const pick = (f: Record<string, unknown>) => ({
				id: f.id,
				required: f.required,
				type: f.type,
			});
			expect([node.name, node.parameters.fields.schema.map(pick)]).toEqual([
				node.name,
				loaded.map(pick),
			]);
		}
	});

	test('each tools/call is an execution of the workflow that runs the tool node called (not when the arguments fail its schema)', async () => {
		const executions = await n8n.waitForExecutions(workflowId, calls.length, 60_000);
		expect(executions).toHaveLength(calls.length);
		const ran = executions
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map((e) => Object.keys(e.data?.resultData?.runData ?? {}).sort());
		expect(ran).toEqual(
			calls.map(({ name, valid }) =>
				valid ? ['Autotask MCP server', name].sort() : ['Autotask MCP server'],
			),
		);
	});
});
