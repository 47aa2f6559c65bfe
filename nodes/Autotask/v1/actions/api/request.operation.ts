import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { API_ROOT } from '../../../catalog';
import { autotaskRequest, CREDENTIAL_TYPE, followPages } from '../../../transport';
import { hideCredentials } from '../../../transport/redact';

const REQUEST = { show: { resource: ['api'], operation: ['request'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'GET',
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
		displayOptions: REQUEST,
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Tickets/query',
		description: "Path under the zone's /V1.0/, e.g. Tickets/query or Companies/123/Contacts",
		displayOptions: REQUEST,
	},
	{
		displayName: 'Query Parameters (JSON)',
		name: 'query',
		type: 'json',
		default: '{}',
		displayOptions: REQUEST,
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		default: '',
		description: 'Leave empty for no body',
		displayOptions: REQUEST,
	},
	{
		displayName: 'Follow Pages',
		name: 'followPages',
		type: 'boolean',
		default: false,
		description:
			'Whether to follow pageDetails.nextPageUrl and return every record of a query, one item each',
		displayOptions: REQUEST,
	},
];

function jsonParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
): IDataObject | undefined {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	if (typeof raw === 'object') return raw as IDataObject;
	let parsed: unknown;
	try {
		parsed = JSON.parse(String(raw));
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined || typeof parsed !== 'object') {
		throw new NodeOperationError(ctx.getNode(), `${label} is not valid JSON`, { itemIndex: i });
	}
	return parsed as IDataObject;
}

function isEmptyObject(value: unknown): boolean {
	return (
		!!value && typeof value === 'object' && !Array.isArray(value) && !Object.keys(value).length
	);
}

/** Make an API Request: any path under /V1.0/ (or /VersionInformation), never another host. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const method = this.getNodeParameter('method', i, 'GET') as IHttpRequestMethods;
	const rawPath = String(this.getNodeParameter('path', i, '')).trim();
	if (!rawPath)
		throw new NodeOperationError(this.getNode(), 'Path is empty', {
			itemIndex: i,
			description: 'e.g. Tickets/query',
		});
	if (/^[a-z]+:\/\//i.test(rawPath)) {
		throw new NodeOperationError(this.getNode(), 'Path must be a path, not a full URL', {
			itemIndex: i,
			description: "The request always goes to the credential's zone. Give e.g. Tickets/query.",
		});
	}
	const trimmed = rawPath.replace(/^\/+/, '').replace(/^(atservicesrest\/)?/i, '');
	const path = /^(v1\.0\/|versioninformation)/i.test(trimmed)
		? `/${trimmed}`
		: `${API_ROOT}/${trimmed}`;
	const qs = jsonParam(this, i, 'query', 'Query Parameters (JSON)');
	const body = jsonParam(this, i, 'body', 'Body (JSON)');
	if (isEmptyObject(body) && ['POST', 'PUT', 'PATCH'].includes(method)) {
		throw new NodeOperationError(this.getNode(), 'Body (JSON) is an empty object', {
			itemIndex: i,
			description: `n8n sends {} as no body at all, so the ${method} would reach Autotask without one. Fill in the body, or leave the field empty if the endpoint takes none.`,
		});
	}
	const first = await autotaskRequest.call(this, { method, path, qs, body });
	const items = this.getNodeParameter('followPages', i, false)
		? (await followPages.call(this, first)).items
		: [first];
	// A proxy or echo service may send the request's headers back: the credential never reaches the output.
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const hide = [String(credentials.secret ?? ''), String(credentials.integrationCode ?? '')];
	return items.map((item) => hideCredentials(item, hide));
}
