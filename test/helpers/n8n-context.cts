/**
 * An n8n execution context for tests, built on n8n-core's own request helpers
 * (httpRequest and httpRequestWithAuthentication, the real axios-based code n8n runs).
 * The credentials helper reproduces what n8n's CLI CredentialsHelper does around them:
 * preAuthentication when the expirable field is empty, after a 401, or when the credential is tested
 * (and storing what it returns), then the credential's authenticate.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory';

import { AutotaskApi } from '../../credentials/AutotaskApi.credentials';
import { Autotask } from '../../nodes/Autotask/Autotask.node';
import type { AutotaskV1 } from '../../nodes/Autotask/v1/AutotaskV1.node';

/** Version 1 of the Autotask node, as n8n picks it for a saved workflow (node type version 1). */
export function autotaskNode(): AutotaskV1 {
	return new Autotask().nodeVersions[1] as AutotaskV1;
}

export interface CredentialStore {
	data: ICredentialDataDecryptedObject;
	/** How many times n8n would have written the credential back (preAuthentication output) */
	saves: number;
}

const credentialType = new AutotaskApi();
const expirable = credentialType.properties.find(
	(p) => p.type === 'hidden' && p.typeOptions?.expirable,
)!;

export function makeCredentials(data: IDataObject): CredentialStore {
	const defaults: IDataObject = {};
	for (const p of credentialType.properties) defaults[p.name] = p.default as string;
	return { data: { ...defaults, ...data } as ICredentialDataDecryptedObject, saves: 0 };
}

const TEST_NODE: INode = {
	id: 'temp',
	name: 'Temp-Node',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [0, 0],
	parameters: { temp: '' },
	credentials: { autotaskApi: { id: '1', name: 'Autotask' } },
};

function credentialsHelper(store: CredentialStore) {
	return {
		getParentTypes: () => [],
		async preAuthentication(
			helpers: { helpers: { httpRequest: (o: IHttpRequestOptions) => Promise<unknown> } },
			credentials: ICredentialDataDecryptedObject,
			_type: string,
			node: INode,
			expired: boolean,
		) {
			const testing = node.type === 'n8n-nodes-base.noOp' && node.parameters?.temp === '';
			if (credentials[expirable.name] !== '' && !expired && !testing) return undefined;
			const output = await credentialType.preAuthentication.call(helpers as never, credentials);
			if (output[expirable.name] === undefined) return undefined;
			Object.assign(store.data, output);
			store.saves++;
			return Object.assign(credentials, output);
		},
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			_type: string,
			requestOptions: IHttpRequestOptions,
		) {
			return await credentialType.authenticate(credentials, requestOptions);
		},
	};
}

/** A parameter by n8n's dotted name ('fields.value', 'conditions.condition') in a plain object. */
export function parameterAt(parameters: unknown, name: string): unknown {
	let v: unknown = parameters;
	for (const part of name.split('.'))
		v = v && typeof v === 'object' ? (v as IDataObject)[part] : undefined;
	return v;
}

export interface ContextOptions {
	credentials: CredentialStore;
	parameters?: IDataObject | ((name: string, index: number) => unknown);
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	node?: Partial<INode>;
}

/** A context good enough to run the node's execute() and the transport for real. */
export function createExecuteContext(options: ContextOptions): IExecuteFunctions {
	const node: INode = {
		id: 'node-1',
		name: 'Autotask',
		type: 'n8n-nodes-autotask-psa.autotask',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { autotaskApi: { id: '1', name: 'Autotask' } },
		...options.node,
	};
	const additionalData = { credentialsHelper: credentialsHelper(options.credentials) };
	const helpers = getRequestHelperFunctions({} as never, node, additionalData as never);
	const items: INodeExecutionData[] = options.items ?? [{ json: {} }];
	const ctx = {
		getNode: () => node,
		getInputData: () => items,
		getCredentials: async () => ({ ...options.credentials.data }),
		continueOnFail: () => options.continueOnFail ?? false,
		// What the node said to the user beside its output (n8n shows these as hints).
		hints: [] as Array<{ message: string }>,
		addExecutionHints(...hints: Array<{ message: string }>) {
			this.hints.push(...hints);
		},
		getNodeParameter: (name: string, index: number, fallback?: unknown) => {
			const p = options.parameters;
			const value = typeof p === 'function' ? p(name, index) : p?.[name];
			return value === undefined ? fallback : value;
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			...helpers,
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (data: INodeExecutionData[], meta: { itemData: unknown }) =>
				data.map((d) => ({ ...d, pairedItem: meta.itemData })),
			// n8n's default binary mode keeps the file base64 in `data`.
			getBinaryDataBuffer: async (index: number, property: string) =>
				Buffer.from(items[index].binary![property].data, 'base64'),
			prepareBinaryData: async (buffer: Buffer, fileName?: string, mimeType?: string) => ({
				data: buffer.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(buffer.length),
			}),
		},
	};
	return ctx as unknown as IExecuteFunctions;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Runs the credential's declarative test the way n8n's CredentialsTester does: the test request
 * through httpRequestWithAuthentication as the temporary noOp node, then the status rules.
 */
export async function testCredential(store: CredentialStore): Promise<CredentialTestResult> {
	const additionalData = { credentialsHelper: credentialsHelper(store) };
	const helpers = getRequestHelperFunctions({} as never, TEST_NODE, additionalData as never);
	const ctx = {
		getNode: () => TEST_NODE,
		getCredentials: async () => ({ ...store.data }),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers,
	};
	const test = credentialType.test;
	try {
		await helpers.httpRequestWithAuthentication.call(ctx as never, 'autotaskApi', {
			...(test.request as IHttpRequestOptions),
			json: true,
		});
	} catch (error) {
		const e = error as {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
			message: string;
		};
		if (e.cause?.response) {
			const rule = test.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === e.cause!.response!.status,
			);
			if (rule && rule.type === 'responseCode')
				return { status: 'Error', message: rule.properties.message };
			return {
				status: 'Error',
				message:
					e.cause.response.statusText || `Received HTTP status code: ${e.cause.response.status}`,
			};
		}
		if (e.cause?.code) return { status: 'Error', message: e.cause.code };
		return { status: 'Error', message: e.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * A context on a running sandbox (its URL as a Custom zone) over `count` empty items; item i's
 * parameters are `parameters(i)`, looked up by n8n's dotted names.
 */
export function sandboxContext(
	sb: { credentials: object; baseUrl: string },
	parameters: (i: number) => IDataObject,
	count = 1,
	continueOnFail = false,
): IExecuteFunctions {
	return createExecuteContext({
		credentials: makeCredentials({ ...sb.credentials, zone: 'custom', customUrl: sb.baseUrl }),
		parameters: (name: string, i: number) => parameterAt(parameters(i), name),
		items: Array.from({ length: count }, () => ({ json: {} })),
		continueOnFail,
	});
}

/** Runs the Autotask node on a sandbox context (see sandboxContext) and returns its output items. */
export async function runOnSandbox(
	sb: { credentials: object; baseUrl: string },
	parameters: (i: number) => IDataObject,
	count = 1,
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const [out] = await autotaskNode().execute.call(
		sandboxContext(sb, parameters, count, continueOnFail),
	);
	return out;
}
