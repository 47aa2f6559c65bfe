/**
 * `npm run screenshots`: retakes the README's pictures of the nodes in the n8n editor (docs/images/*.png)
 * from the running demo, with headless Chromium (Debian's `chromium` package: `apt-get install chromium`)
 * driven by playwright-core.
 *
 *   node .tooling/scripts/screenshots.cjs [--chromium /usr/bin/chromium] [--out docs/images]
 *
 * It starts the same demo as `npm start` on free ports, adds one unpublished workflow holding the two
 * trigger nodes, signs in as the demo owner, takes each picture and stops everything it started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { webhookFieldIds } from '../sandbox/metadata.cjs';
import { freePort, OWNER, REPO_DIR } from './n8n/harness.cjs';
import { startDemo, type Demo } from './demo.cjs';
import { agentWorkflow } from '../test/e2e/agent-tools.cjs';
import { loadExample, MCP_TEMPLATES, prepareExample, TEMPLATES } from './demo-examples.cjs';

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

/** An unpublished workflow with the two triggers, set up as an MSP would, for their pictures. */
function triggersWorkflow(credential: { id: string; name: string }) {
	const credentials = { autotaskApi: { id: credential.id, name: credential.name } };
	// Webhook field IDs are numbers from the tenant's TicketWebhookFields picklist (the sandbox's here).
	const field = (name: string) => webhookFieldIds('Ticket').find(([, n]) => n === name)![0];
	return {
		name: 'Autotask triggers (screenshots)',
		nodes: [
			{
				id: '6f1d5a2e-3b7c-4d8e-9f01-a2b3c4d5e6f7',
				name: 'Ticket updated',
				type: 'n8n-nodes-autotask-psa.autotaskTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '0e6f3c1a-9b2d-4e7f-8a1c-5d3b2e1f4a6c',
				parameters: {
					entity: 'ticket',
					events: ['created', 'updated'],
					subscribedFields: [field('status'), field('priority'), field('queueID')],
					alwaysSendFields: [field('ticketNumber'), field('title')],
					options: { fetchFullRecord: true, addPicklistLabels: true },
				},
				credentials,
			},
			{
				id: '7a2e6b3f-4c8d-4e9f-a012-b3c4d5e6f708',
				name: 'New project task',
				type: 'n8n-nodes-autotask-psa.autotaskPollTrigger',
				typeVersion: 1,
				position: [0, 240],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					resource: 'task',
					watch: 'new',
					dateField: 'createDateTime',
				},
				credentials,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

async function signIn(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
	await page.fill('input[name=password]', OWNER.password);
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 });
}

/** Opens a workflow and closes the panels that cover the canvas. */
async function openWorkflow(page: Page, url: string, id: string): Promise<void> {
	await page.goto(`${url}/workflow/${id}`);
	await page.locator('[data-test-id=canvas-node]').first().waitFor({ timeout: 30000 });
	const close = page.locator('[data-test-id=suggested-actions-close]');
	if (await close.count()) await close.first().click();
	await page.locator('[data-test-id=zoom-to-fit]').click();
	await page.waitForTimeout(800);
}

/** Double-clicks a node and waits for its parameters to load (options, field lists from the sandbox). */
async function openNode(page: Page, name: string): Promise<void> {
	await page.locator('[data-test-id=canvas-node]', { hasText: name }).first().dblclick();
	await page.locator('[data-test-id=node-parameters]').waitFor({ timeout: 30000 });
	await page.waitForTimeout(2500);
}

async function closeNode(page: Page): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForTimeout(500);
}

async function main(): Promise<void> {
	const executablePath = flag('--chromium') ?? '/usr/bin/chromium';
	if (!fs.existsSync(executablePath))
		throw new Error(
			`${executablePath} not found: apt-get install chromium (or pass --chromium <path>)`,
		);
	const out = path.resolve(flag('--out') ?? path.join(REPO_DIR, 'docs', 'images'));
	fs.mkdirSync(out, { recursive: true });

	let demo: Demo | undefined;
	const browser = await chromium.launch({ executablePath, args: FLAGS });
	try {
		demo = await startDemo({
			editorPort: await freePort(),
			sandboxPort: await freePort(),
			progress: (line) => process.stdout.write(`${line}\n`),
		});
		const { n8n } = demo;
		const triggers = await n8n.importWorkflow(triggersWorkflow(demo.credential));
		const byFile = Object.fromEntries(demo.workflows.map((w) => [w.file, w.id]));
		const page = await browser.newPage({ viewport: VIEWPORT });
		await signIn(page, n8n.url);
		const shots: string[] = [];
		const shot = async (file: string) => {
			await page.screenshot({ path: path.join(out, file) });
			shots.push(file);
		};

		await openWorkflow(page, n8n.url, byFile['rmm-alert-to-ticket']);
		await shot('workflow-rmm-alert.png');
		await openNode(page, 'Create ticket');
		await shot('node-create-ticket.png');
		await closeNode(page);

		await openWorkflow(page, n8n.url, byFile['contract-renewal']);
		await shot('workflow-contract-renewal.png');
		await openNode(page, 'Contracts ending within 60 days');
		// Runs the node (and the trigger before it) against the sandbox, so the output shows the contracts.
		await page.locator('[data-test-id=node-execute-button]').first().click();
		await page.locator('[data-test-id=output-panel] table').first().waitFor({ timeout: 30000 });
		await page
			.locator('[data-test-id=output-panel] [data-test-id=radio-button-json]')
			.first()
			.click();
		await page.waitForTimeout(1000);
		await shot('node-get-many-conditions.png');
		await closeNode(page);

		await openWorkflow(page, n8n.url, byFile['client-onboarding']);
		await shot('workflow-client-onboarding.png');
		await openWorkflow(page, n8n.url, byFile['firewall-to-configuration-item']);
		await shot('workflow-firewall.png');

		// The templates, imported unpublished for their canvas (the AI ones with a placeholder OpenAI credential,
		// the MCP server with a placeholder token).
		const openAiCredential = await n8n.createCredential('OpenAI account', 'openAiApi', {
			apiKey: 'sk-placeholder',
			url: 'http://127.0.0.1:9/v1',
			header: false,
		});
		const mcpBearerCredential = await n8n.createCredential('Autotask MCP token', 'httpBearerAuth', {
			token: 'placeholder-token',
		});
		for (const template of [...TEMPLATES, ...MCP_TEMPLATES]) {
			const { id } = await n8n.importWorkflow(
				prepareExample(loadExample(template.file), {
					credential: demo.credential,
					openAiCredential,
					mcpBearerCredential,
					chatUrl: demo.chat.url,
				}),
			);
			await openWorkflow(page, n8n.url, id);
			await shot(`template-${template.file}.png`);
		}

		// An AI Agent with ten Autotask tools (the end-to-end agent suite's), and one tool's inputs.
		const agent = await n8n.importWorkflow(
			agentWorkflow('Ask Autotask', demo.credential, openAiCredential),
		);
		await openWorkflow(page, n8n.url, agent.id);
		await shot('agent-tools.png');
		await openNode(page, 'Count open tickets');
		await shot('agent-tool-node.png');
		await closeNode(page);

		await openWorkflow(page, n8n.url, triggers.id);
		await openNode(page, 'Ticket updated');
		await shot('node-autotask-trigger.png');
		await closeNode(page);
		await openNode(page, 'New project task');
		await shot('node-poll-trigger.png');
		await closeNode(page);

		// The node panel, searched for "Autotask".
		await page.locator('[data-test-id=node-creator-plus-button]').click();
		await page.keyboard.type('Autotask');
		await page.waitForTimeout(1500);
		await page.locator('[data-test-id=item-iterator-item]').first().click();
		await page.waitForTimeout(1500);
		await shot('node-panel.png');
		await page.keyboard.press('Escape');

		// The credential, as the demo made it (the secret field shows only dots).
		await page.goto(`${n8n.url}/home/credentials`);
		await page.getByText(demo.credential.name, { exact: true }).first().click();
		await page.waitForTimeout(2000);
		await shot('credential.png');

		process.stdout.write(
			`${shots.length} screenshots in ${path.relative(process.cwd(), out) || '.'}: ${shots.join(', ')}\n`,
		);
	} finally {
		await browser.close();
		await demo?.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
