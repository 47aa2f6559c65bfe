/**
 * Compatibility with n8n 1.x (1.123.81, the newest 1.x, on Node 24: its expression runtime needs Node 22+):
 * the nodes and the credential load, n8n's credential test, one documented action as a workflow, and the
 * Autotask Trigger's activation and deactivation through the public API.
 * 1.x needs three workarounds, all in the harness: an xlsx override in the host package (its xlsx comes from a CDN),
 * credentials created through /rest (its public API refuses them), and no N8N_DISABLED_MODULES.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import {
	ensureN8n,
	LEGACY_N8N_VERSION,
	packPackage,
	sandboxCredentialData,
	type N8nInstance,
} from '../../scripts/n8n/harness.cjs';
import { DOCUMENTED_ACTIONS } from '../actions/documented-actions.cjs';
import { messageText, startModelStandIn, type ModelStandIn } from '../helpers/model-stand-in.cjs';
import { AGENT_PATH, AGENT_TOOLS, agentWorkflow } from './agent-tools.cjs';
import {
	actionWorkflow,
	describeE2E,
	openAiStandInCredential,
	runActionWorkflow,
	startN8nOnSandbox,
	triggerWorkflow,
	TYPES,
	type Credential,
} from './helpers.cjs';

jest.setTimeout(3 * 60 * 1000);

describeE2E(`the package inside n8n ${LEGACY_N8N_VERSION}`, () => {
	let n8n: N8nInstance;
	let sb: Sandbox;
	let cred: Credential;
	let model: ModelStandIn;

	beforeAll(
		async () => {
			const install = await ensureN8n(LEGACY_N8N_VERSION);
			const tarball = await packPackage();
			sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.01, webhookTimeoutMs: 10_000 });
			model = await startModelStandIn();
			({ n8n, credential: cred } = await startN8nOnSandbox(
				sb,
				{ install, tarball },
				'Autotask sandbox',
			));
		},
		45 * 60 * 1000,
	);

	afterAll(async () => {
		await n8n?.stop();
		await model?.close();
		await sb?.close();
	});

	it('registers the three nodes, the AI tool variant and the credential', async () => {
		const names = (await n8n.nodeTypes())
			.map((t) => t.name)
			.filter((n) => n.startsWith('n8n-nodes-autotask-psa.'));
		expect(names.sort()).toEqual([TYPES.action, TYPES.poll, TYPES.trigger, TYPES.tool].sort());
		expect((await n8n.credentialTypes()).find((c) => c.name === 'autotaskApi')?.displayName).toBe(
			'Autotask API',
		);
	});

	it("passes n8n's credential test, and fails it on a wrong secret", async () => {
		expect(await n8n.testCredential(cred.id, 'autotaskApi', sandboxCredentialData(sb))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		// A throwaway credential: n8n 1.x stores the tested data when the credential's preAuthentication fills
		// its expirable zone field, so testing a wrong secret on `cred` would overwrite its real one.
		const other = await n8n.createCredential(
			'Autotask (wrong secret)',
			'autotaskApi',
			sandboxCredentialData(sb),
		);
		const wrong = await n8n.testCredential(
			other.id,
			'autotaskApi',
			sandboxCredentialData(sb, { secret: 'not-the-secret' }),
		);
		expect(wrong.status).toBe('Error');
		// 1.x shows its own generic text for a declarative test's 401, where 2.x shows the credential's message.
		expect(wrong.message).toMatch(/401|Authorization failed - please check your credentials/);
	});

	it('runs a documented action as a workflow: List Companies (all Customers)', async () => {
		const action = DOCUMENTED_ACTIONS.find((a) => a.name === 'List Companies (all Customers)')!;
		const wf = await n8n.importWorkflow(actionWorkflow(action, cred, 'autotask-action-1x'));
		await n8n.activate(wf.id);
		const from = sb.journal.length;
		const run = await runActionWorkflow(n8n, wf.id, 'autotask-action-1x');
		expect(run.error).toBeUndefined();
		expect(run.execution.status).toBe('success');
		const sent = sb.journal
			.slice(from)
			.filter(
				(j) =>
					j.method === action.expect.method &&
					j.path.replace(/^\/ATServicesRest/i, '') === action.expect.path,
			);
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual(action.expect.body);
		action.check(run.items as Array<{ json: Record<string, unknown> }>);
	});

	it('activating an Autotask Trigger workflow creates its webhook; deactivating deletes it', async () => {
		const r = await fetch(`${sb.baseUrl}V1.0/TicketWebhookFields/entityInformation/fields`, {
			headers: {
				ApiIntegrationCode: sb.credentials.integrationCode,
				UserName: sb.credentials.username,
				Secret: sb.credentials.secret,
			},
		});
		const fields = ((await r.json()) as { fields: unknown }).fields as Array<{
			name: string;
			picklistValues?: Array<{ label: string; value: string }>;
		}>;
		const statusField = Number(
			fields.find((f) => f.name === 'fieldID')!.picklistValues!.find((p) => p.label === 'status')!
				.value,
		);
		const webhookId = '9a1b2c3d-1111-4222-8333-944455550001';
		const wf = await n8n.importWorkflow(
			triggerWorkflow(
				'Ticket updated (1.x)',
				cred,
				{ entity: 'ticket', events: ['updated'], subscribedFields: [statusField] },
				webhookId,
			),
		);
		const ours = () =>
			[...sb.store.all('TicketWebhook')].filter((h) => String(h.webhookUrl).startsWith(n8n.url));
		await n8n.activate(wf.id);
		expect(ours()).toEqual([
			expect.objectContaining({
				webhookUrl: n8n.webhookUrl(`${webhookId}/webhook`),
				isActive: true,
			}),
		]);
		const forged = await n8n.http('POST', n8n.webhookUrl(`${webhookId}/webhook`), {
			body: { Action: 'Update', Id: 1 },
			headers: { 'X-Hook-Signature': 'sha1=AAAA' },
		});
		expect(forged.status).toBe(401);
		await n8n.deactivate(wf.id);
		expect(ours()).toEqual([]);
	});
	it('as an AI agent tool (Agent 3): a made-up priority comes back as a result the model corrects', async () => {
		const openAi = await openAiStandInCredential(n8n, model, 'OpenAI (stand-in)');
		const tools = AGENT_TOOLS.filter((t) => t.name === 'Create ticket');
		const wf = await n8n.importWorkflow(agentWorkflow('Agent 1.x', cred, openAi, tools, 3));
		await n8n.activate(wf.id);
		const args = (priority: string) => ({
			company: 'Contoso Dental Group',
			title: 'Server down (1.x)',
			details: 'The file server does not answer.',
			priority,
		});
		const toolAnswer = (r: { messages: Array<{ role: string }> }) =>
			messageText(r.messages[r.messages.length - 1] as never);
		model.script([
			{
				name: 'first',
				lastMessage: /server is down/,
				reply: { toolCalls: [{ name: 'Create_ticket', arguments: args('Urgent') }] },
			},
			{
				name: 'retry',
				lastMessage: /must be one of: Critical/,
				reply: { toolCalls: [{ name: 'Create_ticket', arguments: args('Critical') }] },
			},
			{ name: 'done', lastMessage: /ticketNumber/, reply: (r) => `OK ${toolAnswer(r).length}` },
		]);
		const from = sb.journal.length;
		const answer = await n8n.runWebhook(AGENT_PATH, { question: 'The Contoso server is down.' });
		expect(answer.status).toBe(200);
		expect(String(answer.body?.output)).toMatch(/^OK \d+$/);
		expect(model.pending()).toEqual([]);
		const posts = sb.journal
			.slice(from)
			.filter((j) => j.method === 'POST' && /\/Tickets$/.test(j.path));
		expect(posts.map((j) => (j.body as { priority?: number }).priority)).toEqual([4]);
	});
});
