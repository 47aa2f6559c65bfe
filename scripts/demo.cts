/**
 * `npm start`: the Autotask sandbox with the demo seed, and real n8n with this package, a ready credential
 * and the four example workflows of docs/examples, runnable against the sandbox. Ctrl-C stops both.
 *
 *   node .tooling/scripts/demo.cjs [--port 5678] [--sandbox-port 8999]
 *
 * Built on the real-n8n harness (scripts/n8n/harness.cts): the first run installs Node 24 and n8n into
 * ~/.cache/n8n-autotask-e2e (about five minutes); later runs start in about half a minute. Every run gets a
 * fresh n8n user folder and a fresh sandbox, so nothing from an earlier run is kept.
 */
import * as net from 'node:net';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import {
	ensureN8n,
	freePort,
	N8N_VERSION,
	OWNER,
	packPackage,
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
} from './n8n/harness.cjs';
import {
	addExpiringContract,
	EXAMPLES,
	EXAMPLES_DIR,
	loadExample,
	prepareExample,
	startChatReceiver,
	type ChatReceiver,
} from './demo-examples.cjs';

export const DEFAULT_EDITOR_PORT = 5678;
export const DEFAULT_SANDBOX_PORT = 8999;
export const CREDENTIAL_NAME = 'Autotask account';

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(name);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

function say(line = ''): void {
	process.stdout.write(`${line}\n`);
}

async function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** The preferred port when it is free, otherwise any free one. */
async function pickPort(preferred: number): Promise<number> {
	return (await portFree(preferred)) ? preferred : await freePort();
}

/** The sandbox on the preferred port, or the next free one up to +100. */
async function startDemoSandbox(preferred: number): Promise<Sandbox> {
	for (let port = preferred; port < preferred + 100; port++) {
		if (!(await portFree(port))) continue;
		try {
			return await startSandbox({ seed: 'demo', port });
		} catch {
			/* taken meanwhile: try the next one */
		}
	}
	return startSandbox({ seed: 'demo' });
}

export interface Demo {
	sandbox: Sandbox;
	n8n: N8nInstance;
	chat: ChatReceiver;
	credential: { id: string; name: string };
	workflows: Array<{
		id: string;
		name: string;
		file: string;
		summary: string;
		webhookPath?: string;
		payload?: string;
	}>;
	contract: { id: number } & Record<string, unknown>;
	stop(): Promise<void>;
}

/**
 * Everything `npm start` runs: the sandbox (demo seed plus a contract ending in 30 days), a chat receiver,
 * n8n with the package, the owner, an API key, the "Autotask account" credential and the four examples,
 * imported and published. `stop()` stops what it started, and only that.
 */
export async function startDemo(
	options: {
		editorPort?: number;
		sandboxPort?: number;
		onChat?: (text: string) => void;
		progress?: (line: string) => void;
	} = {},
): Promise<Demo> {
	const progress = options.progress ?? (() => undefined);
	progress(
		`Preparing n8n ${N8N_VERSION}. The first run installs Node 24 and n8n into ~/.cache/n8n-autotask-e2e (about 5 minutes)...`,
	);
	const install = await ensureN8n(N8N_VERSION);
	progress('Building and packing n8n-nodes-autotask-psa...');
	const tarball = await packPackage();
	let sandbox: Sandbox | undefined;
	let chat: ChatReceiver | undefined;
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.stop().catch(() => undefined);
		await chat?.close().catch(() => undefined);
		await sandbox?.close().catch(() => undefined);
	};
	try {
		sandbox = await startDemoSandbox(options.sandboxPort ?? DEFAULT_SANDBOX_PORT);
		const contract = addExpiringContract(sandbox.admin);
		chat = await startChatReceiver(0, (message) => {
			const body = message.body as { text?: unknown };
			options.onChat?.(typeof body?.text === 'string' ? body.text : JSON.stringify(message.body));
		});
		progress('Starting n8n...');
		n8n = await startN8n({
			install,
			tarball,
			port: await pickPort(options.editorPort ?? DEFAULT_EDITOR_PORT),
		});
		await n8n.setupOwner();
		await n8n.createApiKey();
		const credential = await n8n.createCredential(
			CREDENTIAL_NAME,
			'autotaskApi',
			sandboxCredentialData(sandbox),
		);
		const workflows: Demo['workflows'] = [];
		for (const example of EXAMPLES) {
			const workflow = prepareExample(loadExample(example.file), { credential, chatUrl: chat.url });
			const { id } = await n8n.importWorkflow(workflow);
			await n8n.activate(id);
			workflows.push({ id, name: workflow.name, ...example });
		}
		return { sandbox, n8n, chat, credential, workflows, contract, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function main(): Promise<void> {
	// eslint-disable-next-line prefer-const -- declared before the signal handlers that read it, set once started
	let demo: Demo | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the sandbox...');
		await demo?.stop();
		say('Stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	demo = await startDemo({
		editorPort: Number(flag('--port') ?? DEFAULT_EDITOR_PORT),
		sandboxPort: Number(flag('--sandbox-port') ?? DEFAULT_SANDBOX_PORT),
		progress: say,
		onChat: (text) => say(`[chat notice] ${text.replace(/\n/g, ' | ')}`),
	});
	if (stopping) return;
	const { sandbox, n8n, contract } = demo;
	const payloads = path.relative(process.cwd(), path.join(EXAMPLES_DIR, 'payloads')) || '.';
	say('');
	say('Ready.');
	say(`  n8n editor     ${n8n.url}/`);
	say(`  login          ${OWNER.email} / ${OWNER.password}`);
	say(
		`  credential     "${CREDENTIAL_NAME}" (Autotask API), set up with the sandbox's values (not secrets: a fake Autotask on this machine):`,
	);
	say(`                   Username              ${sandbox.credentials.username}`);
	say(`                   Secret                ${sandbox.credentials.secret}`);
	say(`                   API Integration Code  ${sandbox.credentials.integrationCode}`);
	say(`                   Zone                  Custom URL`);
	say(`                   Custom URL            ${sandbox.baseUrl}`);
	say(`  sandbox        ${sandbox.baseUrl}  (API user ${sandbox.credentials.username})`);
	say(
		`                 records: ${sandbox.origin}/__sandbox/records/Tickets  (or Companies, Contracts, Opportunities, ...)`,
	);
	say(
		`                 demo contract ${String(contract.id)} "${String(contract.contractName)}" ends ${String(contract.endDate).slice(0, 10)}`,
	);
	say('');
	say('Example workflows (all published):');
	demo.workflows.forEach((w, i) => {
		say(`  ${i + 1}. ${w.name}  ${n8n.url}/workflow/${w.id}`);
		if (w.webhookPath && w.payload) {
			say(
				`     curl -s -H 'content-type: application/json' -d @${path.join(payloads, w.payload)} ${n8n.webhookUrl(w.webhookPath)}`,
			);
		} else {
			say(
				'     runs every morning at 07:00 UTC; open it and click "Execute workflow" to run it now',
			);
		}
	});
	say('');
	say('Chat notices of the RMM alert workflow are printed here. Ctrl-C stops n8n and the sandbox.');
	say(`n8n log: ${n8n.logFile}`);

	// n8n stopping on its own ends the demo too.
	const watch = setInterval(() => {
		if (!stopping && !n8n.running) {
			clearInterval(watch);
			say(`n8n exited unexpectedly; see ${n8n.logFile}`);
			void stop(1);
		}
	}, 2000);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`npm start failed: ${(error as Error).message}\n`);
		process.exit(1);
	});
}
