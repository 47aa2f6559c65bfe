/**
 * The Autotask node as an AI agent's tools, in real n8n 2.41.1 with no external service: n8n's AI Agent
 * with its OpenAI Chat Model pointed at the scripted model stand-in (test/helpers/model-stand-in.cts),
 * ten Autotask tools (./agent-tools.cts) over the demo sandbox. Scripted conversations assert the tool
 * calls the model made, what each tool answered, the requests the sandbox received and the final
 * answer; a fuzz run sends 200+ malformed tool inputs made from the tool schemas n8n gave the model and
 * checks no agent run ends in an error and every answer names the input to fix.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { N8nInstance } from '../../scripts/n8n/harness.cjs';
import {
	startModelStandIn,
	messageText,
	type ChatMessage,
	type ChatRequest,
	type ModelStandIn,
	type ToolCall,
} from '../helpers/model-stand-in.cjs';
import { AGENT_PATH, AGENT_TOOLS, agentWorkflow, toolName } from './agent-tools.cjs';
import {
	describeE2E,
	openAiStandInCredential,
	startN8nOnSandbox,
	type Credential,
} from './helpers.cjs';

let sb: Sandbox;
let n8n: N8nInstance;
let model: ModelStandIn;
let workflowId: string;
const started = Date.now();

const FABRIKAM = 175;
const CONTOSO = 174;
const journal = (method: string, path: RegExp) =>
	sb.journal.filter((e) => e.method === method && path.test(e.path));

/** The tool results the model got back in a request, as parsed JSON (n8n sends an array of items). */
function toolResults(request: ChatRequest): Array<{ call: string; result: any }> {
	return request.messages
		.filter((m: ChatMessage) => m.role === 'tool')
		.map((m) => {
			const text = messageText(m);
			let result: unknown = text;
			try {
				result = JSON.parse(text);
			} catch {
				/* kept as text */
			}
			return { call: String(m.tool_call_id), result };
		});
}
const last = (request: ChatRequest) => request.messages[request.messages.length - 1];
const isToolTurn = (request: ChatRequest) => last(request)?.role === 'tool';
/** The first item of the newest tool result in the conversation. */
const newestResult = (request: ChatRequest) => {
	const results = toolResults(request);
	const r = results[results.length - 1]?.result;
	return Array.isArray(r) ? r[0] : r;
};
const call = (tool: string, args: ToolCall['arguments'], id?: string): ToolCall => ({
	name: toolName(tool),
	arguments: args,
	id,
});

interface ToolSchema {
	name: string;
	parameters: { properties?: Record<string, { type?: string }> };
}
interface FuzzCase {
	id: string;
	tool: string;
	args: Record<string, unknown>;
	/** the inputs made wrong, which the answer must name */
	broken: string[];
}

/** A valid value for each input of the agent's tools; the fuzz breaks one or two at a time. */
const VALID: Record<string, unknown> = {
	search: 'printer',
	limit: 5,
	ticket_number: 'T20250901.0001',
	company: 'Fabrikam Legal LLP',
	name: 'Fab',
	last_name: 'Ortega',
	title: 'Fuzz title',
	details: 'Fuzz details',
	text: 'Fuzz note',
	priority: 'High',
	status: 'In Progress',
	technician: 'alex.morgan@sandbox-msp.example',
	hours: 0.5,
	summary: 'Fuzz work',
	preview: true,
};
const OMIT = Symbol('omit');
/** Wrong for any input: nothing, empty, blank, the wrong JSON type. */
const ANY_WRONG: unknown[] = [OMIT, null, '', '   ', {}, [1, 2], { value: 'x' }, true, false];
/** Wrong only for some inputs: labels, names, ticket numbers, lengths, numbers. */
const WRONG_FOR: Record<string, unknown[]> = {
	priority: ['Urgentish', 'HIGHEST', '999'],
	status: ['Closed-ish', 'Resolved!!'],
	company: ['No Such Company 123', 'Fabrikamm'],
	technician: ['nobody@nowhere.example', 'Zed Nobody'],
	ticket_number: ['T20990101.9999', 'ticket-1'],
	title: ['x'.repeat(300)],
	hours: ['half an hour', '30 min'],
	limit: ['ten', '5 please'],
	preview: ['yes', 'maybe'],
};

function malformedCalls(tools: ToolSchema[]): FuzzCase[] {
	const cases: FuzzCase[] = [];
	const add = (tool: string, keys: string[], broken: Record<string, unknown>) => {
		const args: Record<string, unknown> = {};
		for (const key of keys) {
			const value = key in broken ? broken[key] : VALID[key];
			if (value !== OMIT) args[key] = value;
		}
		const id = `fuzz_${cases.length}`;
		cases.push({ id, tool: tool.replace(/_/g, ' '), args, broken: Object.keys(broken) });
	};
	for (const tool of tools) {
		const keys = Object.keys(tool.parameters.properties ?? {});
		for (const key of keys) {
			expect(VALID).toHaveProperty(key);
			const type = tool.parameters.properties?.[key]?.type;
			for (const wrong of [...ANY_WRONG, ...(WRONG_FOR[key] ?? [])])
				if (!(type === 'boolean' && typeof wrong === 'boolean'))
					add(tool.name, keys, { [key]: wrong });
		}
		// Two inputs wrong at once: the answer names both.
		for (let a = 0; a < keys.length; a++)
			for (let b = a + 1; b < keys.length; b++)
				add(tool.name, keys, { [keys[a]]: OMIT, [keys[b]]: '' });
	}
	return cases;
}

async function ask(question: string): Promise<{ status: number; output: string }> {
	const answer = await n8n.runWebhook(AGENT_PATH, { question });
	return { status: answer.status, output: String(answer.body?.output ?? answer.text) };
}

describeE2E('Autotask as AI agent tools in real n8n', () => {
	beforeAll(
		async () => {
			sb = await startSandbox({ seed: 'demo' });
			model = await startModelStandIn();
			let credential: Credential;
			({ n8n, credential } = await startN8nOnSandbox(sb));
			const openAi = await openAiStandInCredential(n8n, model);
			workflowId = (await n8n.importWorkflow(agentWorkflow('Ask Autotask', credential, openAi))).id;
			expect((await n8n.activate(workflowId)).active).toBe(true);
		},
		15 * 60 * 1000,
	);
	afterAll(async () => {
		await n8n?.stop();
		await model?.close();
		await sb?.close();
		process.stdout.write(
			`agent e2e: ${((Date.now() - started) / 1000).toFixed(1)} s including n8n start\n`,
		);
	}, 60000);
	beforeEach(() => {
		sb.journal.splice(0);
		model.requests.splice(0);
	});

	test('the model is offered ten tools with their descriptions and described inputs, in a few KB', async () => {
		model.script([{ name: 'hello', lastMessage: /^hello$/, reply: 'Hi.' }]);
		expect(await ask('hello')).toEqual({ status: 200, output: 'Hi.' });
		const tools = model.chats()[0].tools as unknown as Array<{
			function: { name: string; description: string; parameters: any };
		}>;
		expect(tools.map((t) => t.function.name).sort()).toEqual(
			AGENT_TOOLS.map((t) => toolName(t.name)).sort(),
		);
		const byName = Object.fromEntries(tools.map((t) => [t.function.name, t.function]));
		// A manual description as written; without one, n8n's from the operation's action.
		expect(byName.Search_tickets.description).toBe(
			'Find tickets whose title contains a text. Read-only.',
		);
		expect(byName.Create_ticket.description).toBe('Create a ticket in Autotask');
		expect(byName.Create_ticket.parameters.properties.priority).toEqual({
			type: 'string',
			description: 'The priority label: Critical, High, Medium or Low',
		});
		expect(byName.Log_time.parameters.properties.hours.type).toBe('number');
		for (const { function: tool } of tools)
			for (const [key, schema] of Object.entries<any>(tool.parameters.properties ?? {}))
				expect(`${tool.name}.${key}: ${schema.description ?? ''}`).toMatch(/: .{10,}/);
		const bytes = JSON.stringify(tools).length;
		process.stdout.write(`agent e2e: tool definitions for 10 tools: ${bytes} bytes\n`);
		expect(bytes).toBeLessThan(8_000);
	});

	test('"How many open tickets does Fabrikam have?": one count by company name and status label', async () => {
		model.script([
			{
				name: 'count',
				lastMessage: /How many open tickets/,
				reply: { toolCalls: [call('Count open tickets', { company: 'Fabrikam Legal LLP' })] },
			},
			{
				name: 'answer',
				when: isToolTurn,
				reply: (r) => `Fabrikam Legal LLP has ${newestResult(r).count} open tickets.`,
			},
		]);
		const open = [...sb.store.all('Ticket')].filter(
			(t) => t.companyID === FABRIKAM && t.status !== 5,
		).length;
		const answer = await ask('How many open tickets does Fabrikam Legal LLP have?');
		expect(answer).toEqual({ status: 200, output: `Fabrikam Legal LLP has ${open} open tickets.` });
		const count = journal('POST', /\/Tickets\/query\/count$/);
		expect(count.map((e) => e.body)).toEqual([
			{
				filter: [
					{ op: 'eq', field: 'companyID', value: FABRIKAM },
					{ op: 'noteq', field: 'status', value: 5 },
				],
			},
		]);
		expect(model.pending()).toEqual([]);
	});

	test('"Put a note on T20250901.0001": the note is written to that ticket', async () => {
		const ticket = [...sb.store.all('Ticket')].find((t) => t.ticketNumber === 'T20250901.0001')!;
		model.script([
			{
				name: 'note',
				lastMessage: /Put a note/,
				reply: {
					toolCalls: [
						call('Add ticket note', {
							ticket_number: 'T20250901.0001',
							title: 'Called the customer',
							text: 'Printer is back online.',
						}),
					],
				},
			},
			{ name: 'done', when: isToolTurn, reply: (r) => `Note ${newestResult(r).id} added.` },
		]);
		const answer = await ask('Put a note on T20250901.0001: printer is back online.');
		const notes = journal('POST', new RegExp(`/Tickets/${ticket.id}/Notes$`));
		expect(notes.map((e) => e.body)).toEqual([
			expect.objectContaining({
				title: 'Called the customer',
				description: 'Printer is back online.',
				noteType: 13, // "Internal Notes"
				publish: 3, // "Internal Users Only"
			}),
		]);
		const note = [...sb.store.all('TicketNote')].find(
			(n) => n.description === 'Printer is back online.',
		);
		expect(answer).toEqual({ status: 200, output: `Note ${note!.id} added.` });
	});

	test('a priority the model made up: the tool lists the labels, the model retries, one ticket is created', async () => {
		model.script([
			{
				name: 'first try',
				lastMessage: /server is down/,
				reply: {
					toolCalls: [
						call('Create ticket', {
							company: 'Contoso Dental Group',
							title: 'Server down',
							details: 'The file server does not answer.',
							priority: 'Urgent',
						}),
					],
				},
			},
			{
				name: 'retry',
				when: (r) => isToolTurn(r) && !!newestResult(r).error,
				reply: (r) => {
					const labels = /must be one of: ([^(]+)/.exec(newestResult(r).fix)![1];
					const priority = labels.split(', ')[0]; // Critical
					return {
						toolCalls: [
							call('Create ticket', {
								company: 'Contoso Dental Group',
								title: 'Server down',
								details: 'The file server does not answer.',
								priority,
							}),
						],
					};
				},
			},
			{
				name: 'done',
				when: (r) => isToolTurn(r) && !newestResult(r).error,
				reply: (r) => `Created ${newestResult(r).ticketNumber}.`,
			},
		]);
		const answer = await ask('The Contoso server is down, open a ticket.');
		const [first, second] = model.chats().slice(1).map(newestResult);
		expect(first).toEqual({
			error: 'priority "Urgent" is not one of its picklist labels; the Ticket was not created',
			fix: 'priority must be one of: Critical, High, Medium, Low (or its numeric value). Nothing was sent to Autotask for this item.',
			checkInputs: ['priority'],
		});
		expect(second.priority).toBe(4);
		const posts = journal('POST', /\/Tickets$/);
		expect(posts.map((e) => e.body)).toEqual([
			expect.objectContaining({ companyID: CONTOSO, title: 'Server down', priority: 4, status: 1 }),
		]);
		expect(answer).toEqual({ status: 200, output: `Created ${second.ticketNumber}.` });
	});

	test('an input left out: the tool names it, the model fills it in', async () => {
		model.script([
			{
				name: 'empty search',
				lastMessage: /Find the contact Ortega/,
				reply: { toolCalls: [call('Search contacts', {})] },
			},
			{
				name: 'retry',
				when: (r) => isToolTurn(r) && !!newestResult(r).error,
				reply: { toolCalls: [call('Search contacts', { last_name: 'Ortega' })] },
			},
			{
				name: 'done',
				when: (r) => isToolTurn(r) && !newestResult(r).error,
				reply: (r) =>
					toolResults(r)
						.at(-1)!
						.result.map((c: any) => `${c.firstName} ${c.lastName}`)
						.join(', '),
			},
		]);
		const answer = await ask('Find the contact Ortega.');
		const first = newestResult(model.chats()[1]);
		expect(first.error).toBe(
			'Tool input "last_name" is missing (Text the last name contains, e.g. Park)',
		);
		// The refusal came before any request; the retry was one query.
		expect(journal('POST', /\/Contacts\/query$/).map((e) => e.body)).toEqual([
			{ filter: [{ op: 'contains', field: 'lastName', value: 'Ortega' }], MaxRecords: 10 },
		]);
		const ortegas = [...sb.store.all('Contact')].filter((c) => c.lastName === 'Ortega');
		expect(answer.output).toBe(ortegas.map((c) => `${c.firstName} Ortega`).join(', '));
	});

	test('a company that does not exist: the agent says so instead of failing', async () => {
		model.script([
			{
				name: 'lookup',
				lastMessage: /open tickets of Fabrikamm/,
				reply: { toolCalls: [call('Open tickets of company', { company: 'Fabrikamm' })] },
			},
			{
				name: 'explain',
				when: isToolTurn,
				reply: (r) => `Sorry: ${newestResult(r).error}.`,
			},
		]);
		const answer = await ask('List the open tickets of Fabrikamm.');
		expect(answer).toEqual({
			status: 200,
			output: 'Sorry: No Company named "Fabrikamm" for companyID.',
		});
		expect(journal('POST', /\/Tickets\/query$/)).toEqual([]);
		const executions = await n8n.waitForExecutions(workflowId, 1);
		expect(executions.every((e: any) => e.status === 'success')).toBe(true);
	});

	test('"Log 30 minutes on T20250901.0001 for Alex": ticket and technician by number and email', async () => {
		const ticket = [...sb.store.all('Ticket')].find((t) => t.ticketNumber === 'T20250901.0001')!;
		const alex = [...sb.store.all('Resource')].find((r) => r.firstName === 'Alex')!;
		model.script([
			{
				name: 'log',
				lastMessage: /Log 30 minutes/,
				reply: {
					toolCalls: [
						call('Log time', {
							ticket_number: 'T20250901.0001',
							technician: 'alex.morgan@sandbox-msp.example',
							hours: 0.5,
							summary: 'Restarted the print spooler',
						}),
					],
				},
			},
			{
				name: 'done',
				when: isToolTurn,
				reply: (r) => `Logged as time entry ${newestResult(r).id}.`,
			},
		]);
		const answer = await ask(
			'Log 30 minutes on T20250901.0001 for Alex: restarted the print spooler.',
		);
		const posts = journal('POST', /\/TimeEntries$/);
		expect(posts.map((e) => e.body)).toEqual([
			expect.objectContaining({
				ticketID: ticket.id,
				resourceID: alex.id,
				hoursWorked: 0.5,
				summaryNotes: 'Restarted the print spooler',
			}),
		]);
		const entry = [...sb.store.all('TimeEntry')].find(
			(e) => e.summaryNotes === 'Restarted the print spooler',
		);
		expect(answer).toEqual({ status: 200, output: `Logged as time entry ${entry!.id}.` });
	});
	test('"Close T20250902.0002, show me first": a preview, then the change, one PATCH', async () => {
		const ticket = [...sb.store.all('Ticket')].find((t) => t.ticketNumber === 'T20250902.0002')!;
		const close = (preview: boolean) =>
			call('Set ticket status', { ticket_number: 'T20250902.0002', status: 'Complete', preview });
		model.script([
			{ name: 'preview', lastMessage: /show me first/, reply: { toolCalls: [close(true)] } },
			{
				name: 'confirm',
				when: (r) => isToolTurn(r) && newestResult(r).preview === true,
				reply: (r) => `I will send ${newestResult(r).method} ${newestResult(r).path}. OK?`,
			},
			{ name: 'change', lastMessage: /^yes$/, reply: { toolCalls: [close(false)] } },
			{
				name: 'done',
				when: (r) => isToolTurn(r) && newestResult(r).preview === undefined,
				reply: (r) => `Status is now ${newestResult(r).status_label ?? newestResult(r).status}.`,
			},
		]);
		const first = await ask('Close T20250902.0002, show me first.');
		expect(first).toEqual({ status: 200, output: 'I will send PATCH /V1.0/Tickets. OK?' });
		expect(sb.journal.filter((e) => e.method === 'PATCH')).toEqual([]);
		expect([...sb.store.all('Ticket')].find((t) => t.id === ticket.id)!.status).not.toBe(5);
		const preview = newestResult(model.chats()[1]);
		expect(preview).toEqual({
			preview: true,
			method: 'PATCH',
			path: '/V1.0/Tickets',
			body: { id: ticket.id, status: 5 },
		});
		// The confirmation is a new conversation turn (the agent here has no memory), as a chat would be.
		const second = await ask('yes');
		expect(journal('PATCH', /\/Tickets$/).map((e) => e.body)).toEqual([preview.body]);
		expect(second.output).toMatch(/^Status is now (Complete|5)\.$/);
	});

	test('fuzz: 200+ malformed inputs made from the tool schemas: no run fails, each answer names the input', async () => {
		model.script([{ name: 'schemas', lastMessage: /^schemas$/, reply: 'ok' }]);
		await ask('schemas');
		const schemas = (model.chats()[0].tools as unknown as Array<{ function: ToolSchema }>).map(
			(t) => t.function,
		);
		const cases = malformedCalls(schemas);
		expect(cases.length).toBeGreaterThanOrEqual(200);
		const counts = () =>
			['Ticket', 'TicketNote', 'TimeEntry'].map((m) => [...sb.store.all(m)].length);
		const before = counts();
		const batches: FuzzCase[][] = [];
		for (let n = 0; n < cases.length; n += 10) batches.push(cases.slice(n, n + 10));
		model.script([
			{
				name: 'calls',
				lastMessage: /^fuzz \d+$/,
				times: Infinity,
				reply: (r) => {
					const batch = batches[Number(/\d+/.exec(messageText(last(r)))![0])];
					return { toolCalls: batch.map((c) => call(c.tool, c.args, c.id)) };
				},
			},
			{ name: 'end', when: isToolTurn, times: Infinity, reply: 'checked' },
		]);
		model.requests.splice(0);
		for (let k = 0; k < batches.length; k++)
			expect(await ask(`fuzz ${k}`)).toEqual({ status: 200, output: 'checked' });

		const answers = new Map<string, string>();
		for (const chat of model.chats())
			for (const m of chat.messages)
				if (m.role === 'tool') answers.set(String(m.tool_call_id), messageText(m));
		const unnamed = cases.filter((c) => {
			const answer = answers.get(c.id) ?? '';
			return !/"error"/.test(answer) || !c.broken.every((key) => answer.includes(`"${key}"`));
		});
		expect(
			unnamed.map((c) => `${c.tool} ${JSON.stringify(c.args)} → ${answers.get(c.id)}`),
		).toEqual([]);
		// Every agent run ended well; nothing malformed was written.
		const executions = await n8n.waitForExecutions(workflowId, batches.length + 1);
		expect(executions.filter((e: any) => e.status !== 'success').map((e: any) => e.id)).toEqual([]);
		expect(counts()).toEqual(before);
		expect(sb.journal.filter((e) => e.method === 'PATCH' || e.method === 'PUT')).toEqual([]);
		process.stdout.write(
			`agent e2e: ${cases.length} malformed tool calls in ${batches.length} agent runs, all answered\n`,
		);
	});
});
