/**
 * Command line for the real-n8n harness (build first: `npx tsc -p tsconfig.tooling.json`).
 *
 *   node .tooling/scripts/n8n/cli.cjs install [version ...]   Node 24 + n8n (default: 2.41.1, 1.123.81 and
 *                                                             $N8N_E2E_NEWEST if set), cached
 *   node .tooling/scripts/n8n/cli.cjs pack                    builds and packs this package, prints the tarball
 *   node .tooling/scripts/n8n/cli.cjs start [--version V] [--port P] [--seed demo|empty]
 *        sandbox + n8n with the package, an owner, an API key and a ready "Autotask sandbox" credential;
 *        prints the editor URL and login, runs until Ctrl-C, then stops both.
 */
import { startSandbox, type Sandbox } from '../../sandbox/server.cjs';
import type { SeedName } from '../../sandbox/seeds.cjs';
import {
	ensureN8n,
	LEGACY_N8N_VERSION,
	N8N_VERSION,
	newestN8nVersion,
	OWNER,
	packPackage,
	sandboxCredentialData,
	startN8n,
	type N8nInstance,
} from './harness.cjs';

function flag(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function install(versions: string[]): Promise<void> {
	const newest = newestN8nVersion();
	const defaults = [N8N_VERSION, LEGACY_N8N_VERSION, ...(newest ? [newest] : [])];
	for (const v of versions.length ? versions : defaults) {
		const started = Date.now();
		const i = await ensureN8n(v);
		process.stdout.write(
			`n8n ${i.version} on Node ${i.node.version}: ${i.dir} (${Math.round((Date.now() - started) / 1000)} s)\n`,
		);
	}
}

async function start(args: string[]): Promise<void> {
	const version = flag(args, '--version') ?? N8N_VERSION;
	const port = flag(args, '--port');
	// Declared before the signal handlers that read them, set once started (so not const).
	// eslint-disable-next-line prefer-const
	let sb: Sandbox | undefined;
	// eslint-disable-next-line prefer-const
	let n8n: N8nInstance | undefined;
	const shutdown = async () => {
		process.stdout.write('\nstopping n8n and the sandbox...\n');
		await n8n?.stop();
		await sb?.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());
	sb = await startSandbox({ seed: (flag(args, '--seed') ?? 'demo') as SeedName });
	n8n = await startN8n({ version, port: port ? Number(port) : undefined });
	await n8n.setupOwner();
	await n8n.createApiKey();
	const cred = await n8n.createCredential(
		'Autotask sandbox',
		'autotaskApi',
		sandboxCredentialData(sb),
	);
	process.stdout.write(
		[
			`n8n ${version}:      ${n8n.url}/`,
			`login:           ${OWNER.email} / ${OWNER.password}`,
			`credential:      "Autotask sandbox" (${cred.id}), Zone: Custom URL ${sb.baseUrl}`,
			`sandbox:         ${sb.origin}/__sandbox/info`,
			`n8n log:         ${n8n.logFile}`,
			'Ctrl-C stops both.',
			'',
		].join('\n'),
	);
}

async function main(): Promise<void> {
	const [command, ...args] = process.argv.slice(2);
	if (command === 'install') return install(args);
	if (command === 'pack') {
		process.stdout.write(`${await packPackage()}\n`);
		return;
	}
	if (command === 'start') return start(args);
	process.stderr.write(
		'usage: cli.cjs install [version ...] | pack | start [--version V] [--port P] [--seed demo]\n',
	);
	process.exit(2);
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exit(1);
});
