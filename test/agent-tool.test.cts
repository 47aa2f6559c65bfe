/**
 * The node as an AI agent's tool (node type …autotaskTool): the inputs the model fills through
 * `$fromAI()` are checked before any request, and a failure comes back as the tool's answer naming the
 * input to change, while the same input in a workflow still fails loudly. In real n8n the expressions
 * are resolved by n8n; here `resolve` stands in for it (a whole-value `$fromAI('key')` reads the item).
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	autotaskNode,
	createExecuteContext,
	makeCredentials,
	parameterAt,
} from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());
beforeEach(() => sb.journal.splice(0));

const TOOL = 'n8n-nodes-autotask-psa.autotaskTool';
const fromAi = (key: string, description: string, type = 'string') =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}') }}`;

/** A parameter as n8n would hand it to the node: `$fromAI('key', …)` replaced by the tool input. */
function resolve(raw: unknown, input: IDataObject): unknown {
	if (typeof raw === 'string') {
		const call = /^=\{\{ \$fromAI\('([^']+)'/.exec(raw);
		return call ? input[call[1]] : raw;
	}
	if (Array.isArray(raw)) return raw.map((r) => resolve(r, input));
	if (raw && typeof raw === 'object')
		return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, resolve(v, input)]));
	return raw;
}

async function call(
	parameters: IDataObject,
	input: IDataObject,
	node: { type?: string; onError?: 'stopWorkflow' | 'continueRegularOutput' } = {},
	continueOnFail = false,
	overrides: IDataObject = {},
) {
	const resolved = { ...(resolve(parameters, input) as IDataObject), ...overrides };
	const ctx = createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: (name: string) => {
			return parameterAt(resolved, name);
		},
		// What n8n's engine hands a tool node: the model's arguments (and a toolCallId) as the item.
		items: [{ json: { ...input, toolCallId: 'call_1' } }],
		node: { type: node.type ?? TOOL, parameters: parameters as never, onError: node.onError },
		continueOnFail,
	});
	return (await autotaskNode().execute.call(ctx))[0].map((item) => item.json);
}

/** Requests other than the metadata reads, as "METHOD /path". */
const sent = () =>
	sb.journal
		.filter((j) => !/entityInformation|versioninformation/i.test(j.path))
		.map((j) => `${j.method} ${j.path.replace('/ATServicesRest/V1.0', '')}`);

const CREATE_TICKET = {
	resource: 'ticket',
	operation: 'create',
	fields: {
		mappingMode: 'defineBelow',
		value: {
			companyID: fromAi('company', 'The company, by name or ID, e.g. Fabrikam Legal LLP'),
			title: fromAi('title', 'A short title, e.g. Printer jam'),
			priority: fromAi('priority', 'Priority label: Low, Medium, High or Critical'),
			status: 'New',
		},
	},
};
const TICKETS_OF = {
	resource: 'ticket',
	operation: 'getMany',
	filterMode: 'conditions',
	conditions: {
		condition: [{ field: 'companyID', op: 'eq', value: fromAi('company', 'Company name or ID') }],
	},
	limit: fromAi('limit', 'How many tickets at most, e.g. 10', 'number'),
	returnAll: false,
};

describe('the node as an agent tool', () => {
	it('a good call creates the ticket with labels and names resolved', async () => {
		const [ticket] = await call(CREATE_TICKET, {
			company: 'Fabrikam Legal LLP',
			title: 'Printer jam',
			priority: 'High',
		});
		expect(ticket.error).toBeUndefined();
		expect(ticket.title).toBe('Printer jam');
		const post = sb.journal.find((j) => j.method === 'POST' && /\/Tickets$/.test(j.path));
		expect(post?.body).toMatchObject({ title: 'Printer jam', companyID: 175 });
	});

	it('a missing and an empty input: one answer naming both, before any request', async () => {
		const [answer] = await call(CREATE_TICKET, { company: 'Fabrikam Legal LLP', title: '  ' });
		expect(answer.error).toBe(
			'Tool input "title" is empty (A short title, e.g. Printer jam); "priority" is missing (Priority label: Low, Medium, High or Critical)',
		);
		expect(answer.fix).toMatch(/Call the tool again/);
		expect(sb.journal).toEqual([]);
	});

	it('a word where a number belongs, and an object where text belongs', async () => {
		const [answer] = await call(TICKETS_OF, { company: { name: 'Fabrikam' }, limit: 'ten' });
		expect(answer.error).toMatch(/"company" must be text, not an object/);
		expect(answer.error).toMatch(/"limit" must be a number, not "ten"/);
		expect(sb.journal).toEqual([]);
	});

	it('an unknown picklist label: the answer lists the labels and names the input, nothing written', async () => {
		const [answer] = await call(CREATE_TICKET, {
			company: 'Fabrikam Legal LLP',
			title: 'Printer jam',
			priority: 'Urgentish',
		});
		expect(answer.error).toMatch(/Urgentish/);
		expect(`${answer.error} ${answer.fix}`).toMatch(/High/);
		expect(answer.checkInputs).toEqual(['priority']);
		expect(sent().filter((s) => s.startsWith('POST /Tickets'))).toEqual([]);
	});

	it('an unknown company name: the answer says so and names the input', async () => {
		const [answer] = await call(TICKETS_OF, { company: 'Fabrikamm Ltd', limit: 5 });
		expect(answer.error).toMatch(/Fabrikamm Ltd/);
		expect(answer.checkInputs).toEqual(['company']);
		expect(sent().filter((s) => /Tickets\/query/.test(s))).toEqual([]);
	});

	it('an ID that does not exist: Autotask’s answer comes back as the result, not a crash', async () => {
		const [answer] = await call(
			{
				resource: 'ticketNote',
				operation: 'create',
				parentId: fromAi('ticket_id', 'The ticket ID, e.g. 7001'),
				fields: {
					mappingMode: 'defineBelow',
					value: { title: 'Update', description: 'Called the customer', noteType: 1, publish: 1 },
				},
			},
			{ ticket_id: '999999' },
		);
		expect(answer.error).toMatch(/ticketID of type: Ticket does not exist/);
		expect(answer.checkInputs).toEqual(['ticket_id']);
	});

	it('the same bad input in a workflow (not a tool) still fails the node', async () => {
		await expect(
			call(
				CREATE_TICKET,
				{ company: 'Fabrikam Legal LLP', title: 'Printer jam', priority: 'Urgentish' },
				{ type: 'n8n-nodes-autotask-psa.autotask' },
			),
		).rejects.toThrow(/Urgentish/);
	});

	it('a tool set to "On Error: Stop Workflow" still stops', async () => {
		await expect(
			call(
				CREATE_TICKET,
				{ company: 'Fabrikam Legal LLP', title: 'x' },
				{ onError: 'stopWorkflow' },
			),
		).rejects.toThrow(/"priority" is missing/);
	});
	it('a tool set to continue on error answers with the fix and the input too', async () => {
		const [answer] = await call(
			CREATE_TICKET,
			{ company: 'Fabrikam Legal LLP', title: 'Printer jam', priority: 'Urgentish' },
			{ onError: 'continueRegularOutput' },
			true,
		);
		expect(answer.fix).toMatch(/must be one of: Critical, High, Medium, Low/);
		expect(answer.checkInputs).toEqual(['priority']);
	});
	it('a preview asked for with the text "true" previews and writes nothing', async () => {
		const [answer] = await call(
			{
				resource: 'ticket',
				operation: 'update',
				id: '7001',
				writeOptions: { previewOnly: fromAi('preview', 'true to only show', 'boolean') },
				fields: { mappingMode: 'defineBelow', value: { status: 'Complete' } },
			},
			{ preview: 'true' },
		);
		expect(answer).toEqual({
			preview: true,
			method: 'PATCH',
			path: '/V1.0/Tickets',
			body: { id: 7001, status: 5 },
		});
		expect(sb.journal.filter((j) => j.method === 'PATCH')).toEqual([]);
	});
	it('an input declared with a default may be left empty (an optional filter); a missing one may not', async () => {
		const optional = (key: string, field: string) => ({
			field: `={{ String($fromAI('${key}', 'Text, e.g. x. Empty: any', 'string', '')).trim() ? '${field}' : '' }}`,
			op: 'eq',
			value: `={{ $fromAI('${key}', 'Text, e.g. x. Empty: any', 'string', '') }}`,
		});
		const parameters = {
			resource: 'ticket',
			operation: 'count',
			filterMode: 'conditions',
			conditions: { condition: [optional('status', 'status')] },
		};
		// n8n resolves the field expression to '' for an empty status: the condition is left out.
		const [counted] = await call(parameters, { status: '' }, {}, false, {
			conditions: { condition: [{ field: '', op: 'eq', value: '' }] },
		});
		expect(counted).toEqual({ count: [...sb.store.all('Ticket')].length });
		const [refused] = await call(
			{ ...parameters, limit: fromAi('limit', 'A number, e.g. 5', 'number') },
			{ status: '' },
		);
		expect(refused.error).toBe('Tool input "limit" is missing (A number, e.g. 5)');
	});
	it('a create whose answer was lost: the answer says it may exist and not to call again blindly', async () => {
		const fault = sb.faults.add({
			method: 'POST',
			path: '/V1\\.0/Tickets$',
			action: 'applied-then-status',
			status: 502,
			count: 1,
		});
		try {
			const [answer] = await call(CREATE_TICKET, {
				company: 'Fabrikam Legal LLP',
				title: 'Lost answer',
				priority: 'High',
			});
			expect(answer.error).toMatch(/Autotask may have applied it/);
			expect(answer.mayHaveBeenApplied).toBe(true);
			expect(answer.fix).toMatch(/Do not call the tool again for this change before checking/);
			// sent once, never retried
			expect(
				sb.journal.filter((j) => j.method === 'POST' && /\/Tickets$/.test(j.path)),
			).toHaveLength(1);
		} finally {
			sb.faults.remove(fault);
		}
	});
});
