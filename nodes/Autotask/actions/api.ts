import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { autotaskRequest, CREDENTIAL_TYPE, followPages } from '../transport';
import { hideCredentials } from '../transport/redact';
import { metadataOperationOptions } from './entity-metadata';

/** Account-level endpoints of the REST API (FACTS.md §1, §8, §10). */
export const apiOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['api'] } },
	options: [
		...metadataOperationOptions,
		{
			name: 'List Entities',
			value: 'entityInformation',
			description:
				'What every entity allows in this database (create, update, delete, query, UDFs, webhooks), one item each',
			action: 'List all entities',
		},
		{
			name: 'Get Modules',
			value: 'modules',
			description: 'Which Autotask modules are active for this database',
			action: 'Get modules',
		},
		{
			name: 'Get Threshold Information',
			value: 'thresholdInformation',
			description: 'How much of the hourly request limit is used, as numbers and percent',
			action: 'Get threshold information',
		},
		{
			name: 'Get Version',
			value: 'version',
			description: 'The Autotask release this database runs',
			action: 'Get version',
		},
		{
			name: 'Get Version Information',
			value: 'versionInformation',
			description: 'The REST API versions the zone offers',
			action: 'Get version information',
		},
		{
			name: 'Get Zone Information',
			value: 'zoneInformation',
			description:
				"Which Autotask zone (data centre) and API URL the credential's username belongs to",
			action: 'Get zone information',
		},
		{
			name: 'Make an API Request',
			value: 'request',
			description:
				'Call any path of the REST API with this credential, its zone and its retry rules',
			action: 'Make an API request',
		},
	].sort((a, b) => a.name.localeCompare(b.name)),
	default: 'thresholdInformation',
};

const REQUEST = { show: { resource: ['api'], operation: ['request'] } };

export const apiRequestProperties: INodeProperties[] = [
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

/** Generic API request: any path under /V1.0/ (or /VersionInformation), never another host. */
export async function executeApiRequest(
	this: IExecuteFunctions,
	i: number,
): Promise<IDataObject[]> {
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
	const path = /^(v1\.0\/|versioninformation)/i.test(trimmed) ? `/${trimmed}` : `/V1.0/${trimmed}`;
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

export async function executeApi(
	this: IExecuteFunctions,
	operation: string,
): Promise<IDataObject | IDataObject[]> {
	switch (operation) {
		case 'versionInformation':
			return await autotaskRequest.call(this, { method: 'GET', path: '/VersionInformation' });
		case 'version':
			return await autotaskRequest.call(this, { method: 'GET', path: '/V1.0/Version' });
		case 'zoneInformation':
			return await zoneInformation(this);
		case 'entityInformation': {
			const answer = await autotaskRequest.call(this, {
				method: 'GET',
				path: '/V1.0/EntityInformation',
			});
			const list = (answer.entityDescriptions as IDataObject[] | undefined) ?? [];
			return list.map((d) => (d.info as IDataObject) ?? d);
		}
		case 'modules':
			return await autotaskRequest.call(this, { method: 'GET', path: '/V1.0/Modules' });
		default: {
			const t = await autotaskRequest.call(this, {
				method: 'GET',
				path: '/V1.0/ThresholdInformation',
			});
			const used = Number(t.currentTimeframeRequestCount ?? 0);
			const limit = Number(t.externalRequestThreshold ?? 0);
			return {
				...t,
				remainingRequests: Math.max(0, limit - used),
				usagePercent: limit > 0 ? Math.round((used / limit) * 1000) / 10 : null,
			};
		}
	}
}

/** The zone of the credential's username, as Autotask reports it (swagger: GET /V1.0/ZoneInformation?user=). */
async function zoneInformation(ctx: IExecuteFunctions): Promise<IDataObject> {
	const credentials = await ctx.getCredentials('autotaskApi');
	return await autotaskRequest.call(ctx, {
		method: 'GET',
		path: '/V1.0/ZoneInformation',
		qs: { user: String(credentials.username ?? '').trim() },
	});
}
