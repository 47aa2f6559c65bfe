/**
 * PostgreSQL and Redis for n8n's queue mode, from the Debian packages (`scripts/n8n/install-services.sh`
 * installs them). Each runs as a private instance on a free loopback port with its data in a temp folder,
 * in its own process group, and is stopped by group id.
 *
 * ```ts
 * const services = await startServices();
 * const env = services.queueEnv();   // EXECUTIONS_MODE=queue, DB_TYPE=postgresdb, QUEUE_BULL_REDIS_* ...
 * const main = await startN8n({ env }); const worker = await startN8n({ env, mode: 'worker', userFolder: ..., tarball });
 * await services.stop();
 * ```
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, run, spawnGroup, type Spawned } from './harness.cjs';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function which(cmd: string): string | undefined {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The PostgreSQL server binaries of the newest installed Debian cluster version. */
function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres')))
		: [];
	versions.sort((a, b) => Number(b) - Number(a));
	if (!versions.length)
		throw new Error(
			'PostgreSQL is not installed: run scripts/n8n/install-services.sh (apt-get install postgresql redis-server)',
		);
	return path.join(root, versions[0], 'bin');
}

export interface Services {
	postgresPort: number;
	redisPort: number;
	dir: string;
	/** Environment for n8n main and workers in queue mode. */
	queueEnv(): Record<string, string>;
	stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user that the Debian package creates. */
function asPostgres(command: string, args: string[]): [string, string[]] {
	if (process.getuid?.() !== 0) return [command, args];
	return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

export async function startServices(): Promise<Services> {
	const redisServer = which('redis-server');
	if (!redisServer)
		throw new Error('redis-server is not installed: run scripts/n8n/install-services.sh');
	const pgBin = postgresBin();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-services-'));
	fs.chmodSync(dir, 0o755);
	const started: Spawned[] = [];
	const stop = async () => {
		for (const p of started.reverse()) await p.stop(15000);
	};
	try {
		// PostgreSQL: initdb into a private folder, trust auth on loopback only, no unix socket outside it.
		const pgData = path.join(dir, 'pgdata');
		const pgSock = path.join(dir, 'pgsock');
		fs.mkdirSync(pgSock);
		if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
		const [initCmd, initArgs] = asPostgres(path.join(pgBin, 'initdb'), [
			'-D',
			pgData,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
			'--no-sync',
		]);
		await run(initCmd, initArgs, {
			env: { ...process.env, LC_ALL: 'C' },
			logFile: path.join(dir, 'initdb.log'),
			cwd: '/',
		});
		const postgresPort = await freePort();
		const [pgCmd, pgArgs] = asPostgres(path.join(pgBin, 'postgres'), [
			'-D',
			pgData,
			'-p',
			String(postgresPort),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${pgSock}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=50',
		]);
		const pg = spawnGroup(pgCmd, pgArgs, {
			env: { ...process.env, LC_ALL: 'C' },
			logFile: path.join(dir, 'postgres.log'),
			cwd: '/',
		});
		started.push(pg);
		const psql = which('psql') ?? path.join(pgBin, 'psql');
		const until = Date.now() + 60000;
		for (;;) {
			const r = spawnSync(
				psql,
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(postgresPort),
					'-U',
					'postgres',
					'-d',
					'postgres',
					'-c',
					'select 1',
				],
				{ encoding: 'utf8' },
			);
			if (r.status === 0) break;
			if (Date.now() > until)
				throw new Error(
					`PostgreSQL did not start: ${fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8').slice(-2000)}`,
				);
			await delay(200);
		}
		const created = spawnSync(
			psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(postgresPort),
				'-U',
				'postgres',
				'-d',
				'postgres',
				'-c',
				'create database n8n',
			],
			{ encoding: 'utf8' },
		);
		if (created.status !== 0) throw new Error(`create database failed: ${created.stderr}`);

		// Redis: no persistence, loopback only.
		const redisPort = await freePort();
		const redis = spawnGroup(
			redisServer,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir,
			],
			{
				env: process.env,
				logFile: path.join(dir, 'redis.log'),
			},
		);
		started.push(redis);
		const redisCli = which('redis-cli');
		const redisUntil = Date.now() + 30000;
		for (;;) {
			const r = redisCli
				? spawnSync(redisCli, ['-h', '127.0.0.1', '-p', String(redisPort), 'ping'], {
						encoding: 'utf8',
					})
				: undefined;
			if (
				r
					? r.stdout.trim() === 'PONG'
					: /Ready to accept connections/.test(fs.readFileSync(path.join(dir, 'redis.log'), 'utf8'))
			)
				break;
			if (Date.now() > redisUntil)
				throw new Error(
					`Redis did not start: ${fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').slice(-2000)}`,
				);
			await delay(100);
		}
		return {
			postgresPort,
			redisPort,
			dir,
			queueEnv: () => ({
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgresPort),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'postgres',
				DB_POSTGRESDB_PASSWORD: '',
			}),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
