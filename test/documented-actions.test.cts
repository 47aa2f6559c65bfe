/**
 * The 43 documented actions, each run through the node's execute() against the sandbox (demo seed): the
 * exact request Autotask received and the items returned. The same table runs as workflows in real n8n
 * (test/e2e).
 */
import type { IDataObject } from 'n8n-workflow';

import { startSandbox, type Sandbox } from '../sandbox/server.cjs';
import { DOCUMENTED_ACTIONS, requestBudget } from './actions/documented-actions.cjs';
import {
	createExecuteContext,
	makeCredentials,
	autotaskNode,
	parameterAt,
} from './helpers/n8n-context.cjs';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ seed: 'demo' });
});
afterAll(async () => sb.close());

/** Authenticated requests (not the credential's zone probe) other than metadata reads. */
const calls = () =>
	sb.journal
		.filter((j) => j.headers.username !== undefined && !/entityInformation/i.test(j.path))
		.map((j) => ({ method: j.method, path: j.path.replace('/ATServicesRest', ''), body: j.body }));

it('covers 43 actions', () => expect(DOCUMENTED_ACTIONS).toHaveLength(43));

describe.each(DOCUMENTED_ACTIONS.map((a) => [a.name, a] as const))('%s', (_name, action) => {
	it('sends the documented request and returns the records', async () => {
		sb.journal.splice(0);
		const binary = action.binary
			? {
					[action.binary.property]: {
						data: action.binary.base64,
						fileName: action.binary.fileName,
						mimeType: action.binary.mimeType,
					},
				}
			: undefined;
		const ctx = createExecuteContext({
			credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
			parameters: (name: string) => {
				return parameterAt(action.parameters, name);
			},
			items: (action.input ?? [{}]).map((json, n) => ({
				json: json as IDataObject,
				binary: n === 0 ? (binary as never) : undefined,
			})),
		});
		const [output] = await autotaskNode().execute.call(ctx);

		const sent = calls();
		const matching = sent.filter(
			(c) => c.method === action.expect.method && c.path.split('?')[0] === action.expect.path,
		);
		expect({
			sent: sent.map((c) => `${c.method} ${c.path}`),
			matching: matching.length,
		}).toMatchObject({ matching: 1 });
		if (action.expect.body !== undefined) expect(matching[0].body).toEqual(action.expect.body);
		// Nothing else was written; at most one lookup (a ticket number) came before, and a create or update
		// read its record back with one query after it.
		const writes = sent.filter((c) => c.method !== 'GET' && !/\/query$/.test(c.path));
		expect(writes.length).toBeLessThanOrEqual(1);
		expect(sent.length).toBeLessThanOrEqual(requestBudget(action));
		// The output of a create or update is the record as Autotask now holds it, with the values sent.
		if (['create', 'update'].includes(String(action.parameters.operation)) && action.expect.body) {
			const record = output[0].json;
			for (const [key, value] of Object.entries(action.expect.body as IDataObject)) {
				if (key === 'userDefinedFields' || typeof value === 'object') continue;
				// Autotask answers dates without the trailing Z of the UTC time sent.
				const held =
					typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)
						? `${String(record[key]).replace(/Z$/, '')}Z`
						: record[key];
				expect({ [key]: held }).toEqual({ [key]: value });
			}
		}
		for (const item of output) expect(item.pairedItem).toEqual({ item: 0 });
		action.check(output as Array<{ json: Record<string, unknown> }>);
	});
});
