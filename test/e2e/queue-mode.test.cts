/**
 * n8n's queue mode (EXECUTIONS_MODE=queue): PostgreSQL and Redis from the Debian packages, one main process
 * and one worker, both with the package installed. The action node runs on the worker, and an Autotask
 * callout reaches the main instance (which checks its signature) and its execution runs on the worker.
 * Which process ran an execution is read from n8n's own log lines: only a worker logs
 * "Worker started execution N", and only main receives webhooks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import {
	ensureN8n,
	N8N_VERSION,
	packPackage,
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
} from '../../scripts/n8n/harness.cjs';
import { startServices, type Services } from '../../scripts/n8n/services.cjs';
import { DOCUMENTED_ACTIONS } from '../actions/documented-actions.cjs';
import {
	actionWorkflow,
	describeE2E,
	nodeRun,
	runActionWorkflow,
	triggerWorkflow,
	type Credential,
} from './helpers.cjs';

jest.setTimeout(3 * 60 * 1000);

const PERSON = 29682886;
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeE2E(`n8n ${N8N_VERSION} in queue mode (PostgreSQL + Redis, main + worker)`, () => {
	let services: Services;
	let main: N8nInstance;
	let worker: N8nInstance;
	let sb: Sandbox;
	let cred: Credential;

	beforeAll(
		async () => {
			const install = await ensureN8n(N8N_VERSION);
			const tarball = await packPackage();
			sb = await startSandbox({ seed: 'demo', webhookTimeScale: 0.01, webhookTimeoutMs: 10_000 });
			services = await startServices();
			const env = services.queueEnv();
			main = await startN8n({ install, tarball, env, logLevel: 'debug' });
			worker = await startN8n({
				install,
				tarball,
				env,
				logLevel: 'debug',
				mode: 'worker',
				userFolder: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-worker-')),
			});
			await main.setupOwner();
			await main.createApiKey();
			cred = await main.createCredential(
				'Autotask sandbox',
				'autotaskApi',
				sandboxCredentialData(sb),
			);
		},
		45 * 60 * 1000,
	);

	afterAll(async () => {
		await worker?.stop();
		await main?.stop();
		await services?.stop();
		await sb?.close();
	});

	const ranOn = (executionId: string | number) => ({
		worker: new RegExp(`Worker started execution ${executionId} \\(job`).test(strip(worker.logs())),
		main: new RegExp(`Worker started execution ${executionId} \\(job`).test(strip(main.logs())),
	});

	it('runs in queue mode on PostgreSQL', () => {
		expect(strip(main.logs())).toMatch(/n8n ready on|Editor is now accessible/);
		expect(strip(worker.logs())).toMatch(/n8n worker is now ready/);
		expect(main.env.EXECUTIONS_MODE).toBe('queue');
		expect(main.env.DB_TYPE).toBe('postgresdb');
	});

	it('runs the action node on the worker: List Companies (all Customers)', async () => {
		const action = DOCUMENTED_ACTIONS.find((a) => a.name === 'List Companies (all Customers)')!;
		const wf = await main.importWorkflow(actionWorkflow(action, cred, 'autotask-action-queue'));
		await main.activate(wf.id);
		const from = sb.journal.length;
		const run = await runActionWorkflow(main, wf.id, 'autotask-action-queue');
		expect(run.error).toBeUndefined();
		expect(run.execution.status).toBe('success');
		action.check(run.items as Array<{ json: Record<string, unknown> }>);
		const sent = sb.journal
			.slice(from)
			.filter((j) => j.method === 'POST' && /\/V1\.0\/Companies\/query$/i.test(j.path));
		expect(sent).toHaveLength(1);
		expect(ranOn(run.execution.id)).toEqual({ worker: true, main: false });
		expect(strip(worker.logs())).toMatch(
			new RegExp(`Worker finished execution ${run.execution.id} \\(job`),
		);
	});

	it('an Autotask callout reaches main, which checks it, and its execution runs on the worker', async () => {
		const r = await fetch(`${sb.baseUrl}V1.0/TicketWebhookFields/entityInformation/fields`, {
			headers: {
				ApiIntegrationCode: sb.credentials.integrationCode,
				UserName: sb.credentials.username,
				Secret: sb.credentials.secret,
			},
		});
		const fields = (
			(await r.json()) as {
				fields: Array<{ name: string; picklistValues?: Array<{ label: string; value: string }> }>;
			}
		).fields;
		const statusField = Number(
			fields.find((f) => f.name === 'fieldID')!.picklistValues!.find((p) => p.label === 'status')!
				.value,
		);
		const webhookId = '7c3d2e1f-1111-4222-8333-944455550002';
		const wf = await main.importWorkflow(
			triggerWorkflow(
				'Ticket updated (queue)',
				cred,
				{
					entity: 'ticket',
					events: ['updated'],
					subscribedFields: [statusField],
					options: { fetchFullRecord: true },
				},
				webhookId,
			),
		);
		await main.activate(wf.id);
		const hooks = () =>
			[...sb.store.all('TicketWebhook')].filter((h) => String(h.webhookUrl).startsWith(main.url));
		expect(hooks()).toEqual([
			expect.objectContaining({
				webhookUrl: main.webhookUrl(`${webhookId}/webhook`),
				isActive: true,
			}),
		]);

		const ticket = [...sb.store.all('Ticket')][0];
		const status = ticket.status === 5 ? 1 : 5;
		const mainLogAt = strip(main.logs()).length;
		sb.admin.update('Tickets', Number(ticket.id), { status }, { personId: PERSON });
		await sb.webhooks.idle();
		const executions = await main.waitForExecutions(wf.id, 1, 60000);
		await delay(1500);
		expect(await main.executions(wf.id)).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		expect(nodeRun(executions[0], 'Autotask Trigger').items.map((i) => i.json)).toEqual([
			expect.objectContaining({
				action: 'updated',
				entity: 'Ticket',
				id: ticket.id,
				personId: PERSON,
				record: expect.objectContaining({ id: ticket.id, status }),
			}),
		]);
		expect(strip(main.logs()).slice(mainLogAt)).toMatch(
			new RegExp(`Received webhook "POST" for path "${webhookId}/webhook"`),
		);
		expect(strip(worker.logs())).not.toMatch(
			new RegExp(`Received webhook "POST" for path "${webhookId}`),
		);
		expect(ranOn(executions[0].id)).toEqual({ worker: true, main: false });

		// A forged callout is refused on main and never reaches the queue.
		const forged = await main.http('POST', main.webhookUrl(`${webhookId}/webhook`), {
			body: { Action: 'Update', Id: ticket.id },
			headers: { 'X-Hook-Signature': 'sha1=AAAA' },
		});
		expect(forged.status).toBe(401);
		await main.deactivate(wf.id);
		expect(hooks()).toEqual([]);
		expect(await main.executions(wf.id)).toHaveLength(1);
	});
});
