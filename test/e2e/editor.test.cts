/**
 * The Autotask node as a person meets it in n8n 2.41.1's editor, driven through headless Chromium
 * (Debian's chromium, playwright-core): actions picked from the nodes panel open the node on their own
 * resource and operation, a condition on a picklist field offers the picklist's labels, and the field
 * mapper shows readable names. Screenshots of each step go to .tooling/editor-screens/.
 *
 * In n8n 2.x, a community node's actions are listed in its "Node details" view (grouped as
 * "<Resource> Actions", without a search box): the panel search finds the node (its aliases include
 * "Create ticket"), and the action is then picked from that list.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import {
	OWNER,
	REPO_DIR,
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
} from '../../scripts/n8n/harness.cjs';
import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import { describeE2E } from './helpers.cjs';

const CHROMIUM = '/usr/bin/chromium';
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
const SCREENS = path.join(REPO_DIR, '.tooling', 'editor-screens');

/** Actions picked from the panel, spread over the alphabet, and where each must open the node. */
const ACTIONS: Array<[action: string, resource: string, operation: string]> = [
	['Create an appointment', 'Appointment', 'Create'],
	['Get many billing codes', 'Billing Code', 'Get Many'],
	['Update a company', 'Company', 'Update'],
	['Get a contact', 'Contact', 'Get'],
	['Count configuration items', 'Configuration Item', 'Count'],
	['Get a contract', 'Contract', 'Get'],
	['Create an expense report', 'Expense Report', 'Create'],
	['Get many holidays', 'Holiday', 'Get Many'],
	['Add stocked items to an inventory product', 'Inventory Product', 'Stocked Items Add'],
	['Get many invoices', 'Invoice', 'Get Many'],
	['Get a knowledge base article', 'Knowledge Base Article', 'Get'],
	['Create an opportunity', 'Opportunity', 'Create'],
	['Create a project', 'Project', 'Create'],
	['Create a quote', 'Quote', 'Create'],
	['Get many resources', 'Resource', 'Get Many'],
	['Get many service calls', 'Service Call', 'Get Many'],
	['Get many tasks', 'Task', 'Get Many'],
	['Upload a ticket attachment', 'Ticket Attachment', 'Upload'],
	['Create a ticket note', 'Ticket Note', 'Create'],
	['Get many time entries', 'Time Entry', 'Get Many'],
	['Approve a time off request', 'Time Off Request', 'Approve'],
	['Get many work type modifiers', 'Work Type Modifier', 'Get Many'],
	['Get field info of an entity', 'API', 'Get Field Info'],
];

let sb: Sandbox;
let n8n: N8nInstance;
let browser: Browser;
let page: Page;
let credentialId: string;

async function signIn(): Promise<void> {
	await page.goto(`${n8n.url}/signin`);
	await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
	await page.fill('input[name=password]', OWNER.password);
	await page.click('[data-test-id=form-submit-button]');
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60000 });
}

async function screen(name: string): Promise<void> {
	await page.screenshot({ path: path.join(SCREENS, `${name.replace(/[^\w-]+/g, '-')}.png`) });
}

/** Opens the panel after the Start node and searches it. */
async function searchPanel(text: string): Promise<void> {
	// Whatever an earlier step left open (the panel, a dropdown) is closed first.
	for (let n = 0; n < 3 && (await page.locator('[data-test-id=node-creator]').isVisible()); n++)
		await page.keyboard.press('Escape');
	await page.locator('[data-test-id=canvas-handle-plus]').first().click();
	const input = page
		.locator('[data-test-id=node-creator-search-bar] input, [data-test-id=search-bar] input')
		.first();
	await input.waitFor({ timeout: 30000 });
	await input.fill(text);
}

/** The Autotask node (not one of its triggers) among the panel's results. */
function autotaskItem() {
	return page
		.locator('[data-test-id=item-iterator-item]')
		.filter({ hasText: 'Autotask', hasNotText: 'Trigger' })
		.first();
}

/** Picks the Autotask node from the search results, then the action from its list; the node opens. */
async function pickAction(
	search: string,
	action: string,
): Promise<{ resource: string; operation: string }> {
	await searchPanel(search);
	await autotaskItem().click();
	// The node's 1,300 actions render slowly on a loaded machine: the wait is for the action to appear.
	const item = page.getByText(action, { exact: true }).first();
	await item.scrollIntoViewIfNeeded({ timeout: 90000 });
	await item.click();
	const operation = page.locator('[data-test-id=parameter-input-operation] input').first();
	await operation.waitFor({ timeout: 60000 });
	return {
		resource: await page
			.locator('[data-test-id=parameter-input-resource] input')
			.first()
			.inputValue(),
		operation: await operation.inputValue(),
	};
}

const START = {
	id: '0b9e4c1a-5d2f-4e3a-8b7c-6d5e4f3a2b1c',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * Opens a new workflow holding the Start node alone. Each case gets its own: n8n 2.x saves a workflow
 * as it is edited, so reopening one workflow would carry every earlier case's nodes along.
 */
async function openWorkflow(): Promise<void> {
	const { id } = await n8n.importWorkflow({ name: 'Editor test', nodes: [START], connections: {} });
	await page.goto(`${n8n.url}/workflow/${id}`);
	await page.locator('[data-test-id=canvas-node]').first().waitFor({ timeout: 60000 });
}

/** Runs one case from a fresh workflow page; on failure, a screenshot shows where it stopped. */
function inEditor(name: string, body: () => Promise<void>): () => Promise<void> {
	return async () => {
		await openWorkflow();
		try {
			await body();
		} catch (error) {
			await screen(`FAILED ${name}`).catch(() => undefined);
			throw error;
		}
	};
}

/**
 * Opens a dropdown and waits for an option showing `expected` (its options may load from Autotask). A click
 * that lands while the editor is still busy is not acted on, so it is repeated, at most three times.
 */
async function openDropdown(input: Locator, expected: string): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		await input.click();
		try {
			await page
				.locator('.el-select-dropdown__item:visible', { hasText: expected })
				.first()
				.waitFor({ timeout: 15000 });
			return;
		} catch (error) {
			if (attempt >= 3) throw error;
			await page.keyboard.press('Escape');
		}
	}
}

/** Waits until the open dropdown's first option reads `text` (a typed filter applies a moment after the keys). */
async function waitForFirstOption(text: string): Promise<string[]> {
	let options: string[] = [];
	for (const until = Date.now() + 30000; Date.now() < until; ) {
		options = await dropdownOptions();
		if (options[0] === text) break;
		await page.waitForTimeout(250);
	}
	return options;
}

/** The texts of the open dropdown's options. */
async function dropdownOptions(): Promise<string[]> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await options.first().waitFor({ timeout: 30000 });
	return (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
}

describeE2E('the Autotask node in the n8n editor (headless Chromium)', () => {
	beforeAll(
		async () => {
			if (!fs.existsSync(CHROMIUM))
				throw new Error(`${CHROMIUM} not found: bash scripts/n8n/install-services.sh installs it`);
			fs.mkdirSync(SCREENS, { recursive: true });
			sb = await startSandbox({ seed: 'demo' });
			n8n = await startN8n();
			await n8n.setupOwner();
			await n8n.createApiKey();
			credentialId = (
				await n8n.createCredential('Autotask account', 'autotaskApi', sandboxCredentialData(sb))
			).id;
			browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
			page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
			page.setDefaultTimeout(30000);
			// Leaving a changed workflow asks "leave the page?": yes.
			page.on('dialog', (dialog) => void dialog.accept());
			await signIn();
		},
		20 * 60 * 1000,
	);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await sb?.close();
	}, 60000);

	const panelCase =
		'"create ticket" in the nodes panel finds Autotask, and its "Create a ticket" opens Resource Ticket, Operation Create';
	it(
		panelCase,
		inEditor(panelCase, async () => {
			await searchPanel('create ticket');
			await autotaskItem().waitFor();
			await screen('panel-search-create-ticket');
			const opened = await pickAction('create ticket', 'Create a ticket');
			await screen('create-a-ticket');
			expect(opened.resource).toBe('Ticket');
			expect(opened.operation).toBe('Create');
			// The node is named after the action, on the canvas behind the open node.
			await page
				.locator('[data-test-id=canvas-node]', { hasText: 'Create a ticket' })
				.first()
				.waitFor({ state: 'attached' });
			// The field mapper: readable names, the API names only behind them.
			const mapper = await page.locator('[data-test-id=node-parameters]').innerText();
			for (const label of ['Company', 'Priority', 'Status', 'Title'])
				expect(mapper).toMatch(new RegExp(`^${label}$`, 'm'));
			expect(mapper).not.toMatch(/companyID/);
			await page.getByText('Add field to send').first().click();
			const menu = page.locator('[role=menuitem]:visible');
			await menu.first().waitFor();
			const optional = (await menu.allInnerTexts()).map((t) => t.trim());
			expect(optional).toEqual(
				expect.arrayContaining([
					'Assigned Resource',
					'Due Date Time',
					'Ticket Category',
					'Contact',
				]),
			);
			expect(optional.filter((o) => /^[a-z]+[A-Z]/.test(o))).toEqual([]); // no camelCase API names
			await screen('ticket-field-mapper');
		}),
		180000,
	);

	it.each(ACTIONS)(
		'"%s" opens on %s, %s',
		(action, resource, operation) =>
			inEditor(action, async () => {
				const opened = await pickAction('autotask', action);
				await screen(action);
				expect(opened).toMatchObject({ resource, operation });
			})(),
		180000,
	);

	const noticeCase =
		'the Autotask Trigger says why it cannot be tested until a subscribed field is picked';
	it(
		noticeCase,
		inEditor(noticeCase, async () => {
			const notice = /Pick at least one subscribed field/;
			const trigger = {
				id: '5c4b3a29-1807-4f6e-9d5c-4b3a29180706',
				name: 'Ticket changed',
				type: 'n8n-nodes-autotask-psa.autotaskTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '9e8d7c6b-5a49-4382-a716-f5e4d3c2b1a0',
				parameters: { entity: 'ticket', events: ['created', 'updated'] },
				credentials: { autotaskApi: { id: credentialId, name: 'Autotask account' } },
			};
			const { id } = await n8n.importWorkflow({
				name: 'Trigger notice',
				nodes: [trigger],
				connections: {},
			});
			await page.goto(`${n8n.url}/workflow/${id}`);
			await page.locator('[data-test-id=canvas-node]').first().dblclick();
			const parameters = page.locator('[data-test-id=node-parameters]');
			await parameters.getByText(notice).waitFor();
			await screen('trigger-notice');
			await openDropdown(
				page.locator('[data-test-id=parameter-input-subscribedFields]').first(),
				'Status',
			);
			const fields = await dropdownOptions();
			expect(fields).toEqual(expect.arrayContaining(['Status', 'Priority', 'Title']));
			await page
				.locator('.el-select-dropdown__item:visible', { hasText: /^Status/ })
				.first()
				.click();
			await parameters.getByText(notice).waitFor({ state: 'detached' });
		}),
		180000,
	);

	const conditionCase = 'a Get Many condition on a picklist field offers its labels';
	it(
		conditionCase,
		inEditor(conditionCase, async () => {
			await pickAction('autotask', 'Get many tickets');
			await page.getByText('Add Condition', { exact: true }).first().click();
			await openDropdown(
				page.locator('[data-test-id=parameter-input-field] input').first(),
				'Priority',
			);
			await page.keyboard.type('Priority');
			const fields = await waitForFirstOption('Priority');
			expect(fields[0]).toBe('Priority');
			await page.locator('.el-select-dropdown__item:visible').first().click();
			// The field list closes; the value list of a picklist field appears.
			await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });
			await openDropdown(
				page.locator('[data-test-id=parameter-input-picklistValues]').first(),
				'Critical',
			);
			expect(await dropdownOptions()).toEqual(['Critical', 'High', 'Medium', 'Low']);
			await screen('condition-priority-labels');
		}),
		180000,
	);
	const previewCase =
		'adding Preview Request (Dry Run) turns it on: Execute step shows the DELETE it would send and sends none';
	it(
		previewCase,
		inEditor(previewCase, async () => {
			const opened = await pickAction('autotask', 'Delete an appointment');
			expect(opened).toMatchObject({ resource: 'Appointment', operation: 'Delete' });
			await page.locator('[data-test-id=parameter-input-id] input').first().fill('7001');
			await page.getByPlaceholder('Add option').first().click();
			await page
				.locator('.el-select-dropdown__item:visible', { hasText: 'Preview Request (Dry Run)' })
				.first()
				.click();
			const from = sb.journal.length;
			await page.locator('[data-test-id=node-execute-button]').first().click();
			const output = page.locator('[data-test-id=output-panel]');
			await output.getByText('/V1.0/Appointments/7001').first().waitFor({ timeout: 60000 });
			await screen('preview-delete');
			expect(await output.innerText()).toMatch(/DELETE/);
			expect(sb.journal.slice(from).filter((j) => j.method === 'DELETE')).toEqual([]);
		}),
		180000,
	);
});
