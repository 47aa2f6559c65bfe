import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { checkZone, lookupZone, type ResolvedZone } from '../nodes/Autotask/transport/zone-lookup';
import {
	AUTO_DETECT,
	CUSTOM_URL,
	DEFAULT_ZONE_LOOKUP_URL,
	ZONES,
	fixedBaseUrl,
	requestBaseUrl,
	zoneByValue,
} from '../nodes/Autotask/transport/zones';

export class AutotaskApi implements ICredentialType {
	name = 'autotaskApi';

	displayName = 'Autotask API';

	icon = { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-autotask-psa/n8n-nodes-autotask-psa#set-up-the-credential-in-n8n';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. n8n-api@example.com',
			description: "The API user's username (an API-only user in Autotask, not a person's login)",
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The API user's secret (its password in Autotask)",
		},
		{
			displayName: 'API Tracking Identifier',
			name: 'integrationCode',
			type: 'string',
			default: '',
			required: true,
			description:
				'The API tracking identifier chosen on the API user (Autotask sends it as the ApiIntegrationCode header)',
		},
		{
			displayName: 'Zone',
			name: 'zone',
			type: 'options',
			default: AUTO_DETECT,
			options: [
				{
					name: 'Auto-Detect',
					value: AUTO_DETECT,
					description: 'Ask Autotask once which zone holds this API user',
				},
				...ZONES.map((z) => ({ name: z.name, value: z.host, description: z.host })),
				{
					name: 'Custom URL',
					value: CUSTOM_URL,
					description: 'A proxy, a test server or a zone added after this release',
				},
			],
			description: 'The Autotask data center that holds your database',
		},
		{
			displayName: 'Custom URL',
			name: 'customUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://webservices14.autotask.net/ATServicesRest/',
			description: 'The API base URL, up to and including /ATServicesRest/',
			displayOptions: { show: { zone: [CUSTOM_URL] } },
		},
		{
			displayName: 'Zone Lookup URL',
			name: 'zoneLookupUrl',
			type: 'string',
			default: DEFAULT_ZONE_LOOKUP_URL,
			description:
				'Where Auto-Detect asks for the zone. Change it only to go through a proxy or a test server.',
			displayOptions: { show: { zone: [AUTO_DETECT] } },
		},
		{
			displayName: 'Allow Insecure HTTP',
			name: 'allowInsecureHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to allow plain http:// in the Custom URL or Zone Lookup URL for a host other than this machine. Anyone on the network between n8n and that host can then read the Username, Secret and API Tracking Identifier and change what Autotask answers. Leave it off unless the server is a test server on a network you trust. Auto-Detect still accepts only https:// zone URLs on Autotask hosts.',
			displayOptions: { show: { zone: [AUTO_DETECT, CUSTOM_URL] } },
		},
		{
			// Filled once by preAuthentication and reused; emptied again by n8n after a 401.
			displayName: 'Zone URL',
			name: 'zoneUrl',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
		{
			displayName: 'Zone Name',
			name: 'zoneName',
			type: 'hidden',
			default: '',
		},
	];

	/**
	 * Resolves the zone: Auto-Detect asks zoneInformation (unauthenticated) once; a fixed zone or Custom URL
	 * is computed. Then it checks that the zone answers at all, so an unreachable zone gets its own message.
	 * n8n calls this when zoneUrl is empty, after a 401, and when the credential is tested.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const zone = String(credentials.zone ?? AUTO_DETECT);
		const username = String(credentials.username ?? '').trim();
		let resolved: ResolvedZone;
		if (!username) resolved = { problem: 'The Username is empty. Enter the API user’s username.' };
		else if (!String(credentials.secret ?? ''))
			resolved = { problem: 'The Secret is empty. Enter the API user’s secret.' };
		else if (!String(credentials.integrationCode ?? '').trim()) {
			resolved = {
				problem:
					'The API Tracking Identifier is empty. Enter the tracking identifier chosen on the API user (Admin > Resources (Users) > the API user > Security).',
			};
		} else if (zone === AUTO_DETECT) {
			resolved = await lookupZone(this.helpers, credentials, username);
		} else {
			resolved = {
				...fixedBaseUrl(credentials),
				zoneName: zone === CUSTOM_URL ? 'Custom URL' : (zoneByValue(zone)?.name ?? zone),
			};
		}
		const baseUrl = resolved.url;
		const zoneName = resolved.zoneName ?? '';
		const problem =
			resolved.problem ?? (baseUrl ? await checkZone(this.helpers, baseUrl, zoneName) : undefined);
		if (problem || !baseUrl) throw new Error(problem ?? 'The Autotask zone could not be resolved.');
		return { zoneUrl: baseUrl, zoneName } as IDataObject;
	}

	/**
	 * Adds the three Autotask headers. Relative URLs (the nodes' requests) go to the resolved zone, so the
	 * same credential also works in the HTTP Request node with full URLs.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const options: IHttpRequestOptions = {
			...requestOptions,
			// A redirect would carry the three headers to wherever it points (n8n strips only Authorization
			// and Cookie), so requests made with this credential never follow one: a 3xx is an error.
			disableFollowRedirect: true,
			headers: {
				...(requestOptions.headers ?? {}),
				ApiIntegrationCode: String(credentials.integrationCode ?? ''),
				UserName: String(credentials.username ?? ''),
				Secret: String(credentials.secret ?? ''),
			},
		};
		// The same for n8n's older request helper (the HTTP Request node), which reads these names.
		Object.assign(options, { followRedirect: false, followAllRedirects: false });
		const relative = !/^https?:\/\//i.test(options.url ?? '');
		if (relative && !options.baseURL) {
			// Checked on every request: a zone URL stored from a bad lookup answer is never used.
			const base = requestBaseUrl(credentials);
			if (base.problem) throw new Error(base.problem);
			options.baseURL = base.url;
		}
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/V1.0/ThresholdInformation',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Autotask refused these credentials (401) at the zone this credential uses (Auto-Detect: the zone Autotask reports for the username; otherwise the Zone or Custom URL you chose). Check the Username, the Secret and the API Tracking Identifier, and that the API user is active with an API-only security level. A wrong fixed zone also answers 401.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Autotask accepted the login but refused access (403). The API user's security level must allow API access (an API User (API-only) security level).",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The zone answered 404 for /V1.0/ThresholdInformation: this URL is not an Autotask REST API. With Custom URL, give the base up to /ATServicesRest/, e.g. https://webservices14.autotask.net/ATServicesRest/',
				},
			},
			...[301, 302, 303, 307, 308].map((value) => ({
				type: 'responseCode' as const,
				properties: {
					value,
					message: `The zone answered ${value}, a redirect, to the credential check. The node never follows redirects, because that would send the Username, Secret and API Tracking Identifier to another address. Check the Zone or Custom URL: it must be the API address itself, e.g. https://webservices14.autotask.net/ATServicesRest/`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 500,
					message:
						'Autotask answered 500 to the credential check. Autotask answers this way to an unknown username or API Tracking Identifier: check both.',
				},
			},
		],
	};
}
