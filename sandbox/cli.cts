/**
 * Starts the sandbox from the command line and prints what to paste into an n8n Autotask credential.
 * Usage: node .tooling/sandbox/cli.cjs --seed demo --port 8999 --latency 150
 */
import { startSandbox } from './server.cjs';
import type { SandboxOptions } from './server.cjs';
import type { SeedName } from './seeds.cjs';

function parseArgs(argv: string[]): SandboxOptions {
	const opts: SandboxOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--seed':
				opts.seed = value() as SeedName;
				break;
			case '--port':
				opts.port = Number(value());
				break;
			case '--latency':
				opts.latencyMs = Number(value());
				break;
			case '--hourly-limit':
				opts.hourlyLimit = Number(value());
				break;
			case '--thread-limit':
				opts.threadLimit = Number(value());
				break;
			case '--strict-operators':
				opts.strictOperators = true;
				break;
			case '--not-found':
				opts.notFoundMode = value() as 'item-null' | '404';
				break;
			case '--webhook-time-scale':
				opts.webhookTimeScale = Number(value());
				break;
			case '--bad-username-status':
				opts.badUsernameStatus = Number(value()) as 401 | 500;
				break;
			case '--bad-code-status':
				opts.badIntegrationCodeStatus = Number(value()) as 401 | 500;
				break;
			default:
				throw new Error(`Unknown option ${argv[i]}`);
		}
	}
	return opts;
}

async function main(): Promise<void> {
	const sb = await startSandbox({ seed: 'demo', ...parseArgs(process.argv.slice(2)) });
	const lines = [
		'Autotask sandbox running (Ctrl-C to stop)',
		`  Zone:               Custom URL`,
		`  Base URL:           ${sb.baseUrl}`,
		`  Username:           ${sb.credentials.username}`,
		`  Secret:             ${sb.credentials.secret}`,
		`  Tracking ID:        ${sb.credentials.integrationCode}`,
		`  Admin API:          ${sb.origin}/__sandbox/info`,
	];
	process.stdout.write(lines.join('\n') + '\n');
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		void sb.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
	process.stderr.write(`${e.message}\n`);
	process.exit(1);
});
