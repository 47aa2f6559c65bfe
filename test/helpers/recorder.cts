/**
 * A stranger's server on 127.0.0.1 (another port, so another origin than the sandbox): it records every
 * request it receives, headers included, and answers 200 {}. Tests point redirects and page links at it
 * to prove that nothing (and no credential) ever reaches it.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
}

export interface Recorder {
	origin: string;
	host: string;
	requests: Recorded[];
	close: () => Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
	const requests: Recorded[] = [];
	const server = createServer((req, res) => {
		requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
		req.resume();
		req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin: `http://${host}`,
		host,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
