import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ENTITIES, findEntity, type CatalogEntry } from '../catalog';
import { apiOperations, apiRequestProperties } from './api';
import { conditionValues } from './conditions';
import { LOCATORS, idLocator, parentLocator } from './locators';
import {
	SPECIAL_ID_OPERATIONS,
	SPECIAL_OPERATIONS,
	specialProperties,
	specialsFor,
} from './specials';
import { ALL_ROUTES, type Verb } from './operations';
import { onHourlyLimitProperty } from './request-options';
import { actionName, specialActionName } from './action-names';
import { METADATA_OPERATIONS, metadataProperties } from './entity-metadata';
import { writeOptionsProperty } from './read-back';

/** Metadata verbs are offered once, under the API resource, not on every resource. */
const META = new Set<string>(METADATA_OPERATIONS);

/**
 * Entities that are really actions on another record (approve or reject a time off request, add,
 * remove or transfer stocked items): offered once, as operations of that record's resource.
 */
export const ACTION_ENTITIES = new Set(
	Object.values(SPECIAL_OPERATIONS)
		.flat()
		.flatMap((sp) => sp.covers)
		.filter((c) => /:child:(action|create)$/.test(c))
		.map((c) => c.split(':')[0]),
);

/** The resources the node offers, each with the routes its operations use. */
export const RESOURCE_ROUTES = ALL_ROUTES.filter(({ entity }) => !ACTION_ENTITIES.has(entity.name));

/** Operation dropdown names; each resource's option adds an action naming the resource. */
const VERB_NAMES: Record<Verb, string> = {
	approve: 'Approve',
	count: 'Count',
	create: 'Create',
	delete: 'Delete',
	download: 'Download',
	upload: 'Upload',
	get: 'Get',
	getEntityInfo: 'Get Entity Info',
	getFieldInfo: 'Get Field Info',
	getMany: 'Get Many',
	getPicklistValues: 'Get Picklist Values',
	replace: 'Replace',
	update: 'Update',
};

function resourceProperty(): INodeProperties {
	const options: INodePropertyOptions[] = [
		{ name: 'API', value: 'api' },
		...RESOURCE_ROUTES.map(({ entity }) => ({ name: entity.label, value: entity.value })),
	].sort((a, b) => a.name.localeCompare(b.name));
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'ticket',
	};
}

/**
 * One Operation dropdown per resource. n8n's nodes panel lists an action under the resource whose
 * Operation property it finds first, and opens the node on the first resource that property shows,
 * so each resource needs its own property showing only itself. Each option's action names the
 * resource ("Create a ticket"): the panel search finds it, and an AI tool built from the node
 * describes itself with it ("Create a ticket in Autotask").
 */
function operationProperties(): INodeProperties[] {
	return RESOURCE_ROUTES.map(({ entity, routes }) => {
		const verbs = routes.map((r) => r.verb).filter((v) => !META.has(v));
		const options: INodePropertyOptions[] = [
			...verbs.map((v) => ({ name: VERB_NAMES[v], value: v, action: actionName(entity, v) })),
			...specialsFor(entity).map((sp) => ({
				name: sp.name,
				value: sp.value,
				description: sp.description,
				action: specialActionName(entity, sp.value, sp.name),
			})),
		].sort((a, b) => a.name.localeCompare(b.name));
		const property: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [entity.value] } },
			options,
			default: 'getMany',
		};
		if (!verbs.includes('getMany')) property.default = verbs[0];
		return property;
	});
}

/**
 * Parent ID parameters: one per (parent, set of verbs that go through the parent's URL). A parent that
 * has a resource locator (company, ticket, project, ...) is picked from a list; others take an ID.
 */
function parentIdProperties(): INodeProperties[] {
	const groups = new Map<string, { parent?: CatalogEntry; verbs: Verb[]; resources: string[] }>();
	for (const { entity, routes } of RESOURCE_ROUTES) {
		const verbs = routes.filter((r) => r.scope === 'child' && !META.has(r.verb)).map((r) => r.verb);
		if (!verbs.length) continue;
		const parentName = entity.child?.parentEntity;
		const parent = parentName && LOCATORS[parentName] ? findEntity(parentName) : undefined;
		const key = `${parent?.name ?? ''}|${verbs.join(',')}`;
		if (!groups.has(key)) groups.set(key, { parent, verbs, resources: [] });
		groups.get(key)!.resources.push(entity.value);
	}
	const listed = [...groups.values()].map(({ parent, verbs, resources }) => {
		const show = { resource: resources, operation: verbs };
		if (parent) return parentLocator(parent, show);
		return {
			displayName: 'Parent ID',
			name: 'parentId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 12345',
			description:
				'ID of the parent record this one belongs to (for example the ticket of a ticket note, or the company of a company contact). Autotask reaches these records only through their parent.',
			displayOptions: { show },
		} as INodeProperties;
	});
	return [...listed, ...optionalParentProperties()];
}

/**
 * Get Many of records that have both a root query and a list under their parent (project phases and
 * tasks, ticket notes, ...) can be narrowed to one parent.
 */
function optionalParentProperties(): INodeProperties[] {
	const byParent = new Map<string, string[]>();
	for (const { entity, routes } of RESOURCE_ROUTES) {
		const parentName = entity.child?.parentEntity;
		if (!parentName || !entity.child?.ops.includes('list')) continue;
		if (routes.find((r) => r.verb === 'getMany')?.scope !== 'root') continue;
		if (!byParent.has(parentName)) byParent.set(parentName, []);
		byParent.get(parentName)!.push(entity.value);
	}
	return [...byParent.entries()].map(([parentName, resources]) => {
		const parent = findEntity(parentName)!;
		const description = `Only records of this ${parent.label.toLowerCase()} (optional)`;
		const show = { resource: resources, operation: ['getMany'] };
		const property: INodeProperties = LOCATORS[parentName]
			? { ...parentLocator(parent, show), description }
			: {
					displayName: `${parent.label} ID`,
					name: 'parentId',
					type: 'string',
					default: '',
					placeholder: 'e.g. 12345',
					description,
					displayOptions: { show },
				};
		property.required = false;
		return property;
	});
}

/** Record ID parameters of the entities with a resource locator: the verbs and special operations that take an ID. */
function idLocatorProperties(): INodeProperties[] {
	const idVerbs = new Set<string>(['get', 'update', 'replace', 'delete']);
	return RESOURCE_ROUTES.filter(({ entity }) => LOCATORS[entity.name]).map(({ entity, routes }) =>
		idLocator(entity, [
			...routes.filter((r) => idVerbs.has(r.verb)).map((r) => r.verb),
			...specialsFor(entity).map((sp) => sp.value),
		]),
	);
}

const LOCATOR_RESOURCES = ENTITIES.filter((e) => LOCATORS[e.name]).map((e) => e.value);

const recordProperties: INodeProperties[] = [
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 12345',
		description: 'The record ID (for a time-off balance: the year)',
		displayOptions: {
			show: {
				operation: ['get', 'update', 'replace', 'delete', 'download', ...SPECIAL_ID_OPERATIONS],
			},
			hide: { resource: LOCATOR_RESOURCES },
		},
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['resource', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { operation: ['create', 'update', 'replace'] } },
	},
	{
		displayName: 'Filter',
		name: 'filterMode',
		type: 'options',
		default: 'conditions',
		options: [
			{
				name: 'Conditions',
				value: 'conditions',
				description: 'Build the filter from fields, operators and values',
			},
			{
				name: 'JSON',
				value: 'json',
				description: "Autotask's filter array as JSON, for nested and/or groups",
			},
		],
		displayOptions: { show: { operation: ['getMany', 'count'] } },
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'With no condition, every record matches',
		displayOptions: { show: { operation: ['getMany', 'count'], filterMode: ['conditions'] } },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: conditionValues,
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combine',
		type: 'options',
		default: 'and',
		options: [
			{ name: 'All Must Match (AND)', value: 'and' },
			{ name: 'Any May Match (OR)', value: 'or' },
		],
		displayOptions: { show: { operation: ['getMany', 'count'], filterMode: ['conditions'] } },
	},
	{
		displayName: 'Filter (JSON)',
		name: 'filterJson',
		type: 'json',
		default: '[{"op":"gte","field":"id","value":0}]',
		description:
			'Autotask filter array, e.g. [{"op":"or","items":[{"op":"eq","field":"status","value":1},{"op":"eq","field":"status","value":5}]}]',
		displayOptions: { show: { operation: ['getMany', 'count'], filterMode: ['json'] } },
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { operation: ['getMany'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getMany'], returnAll: [false] } },
	},
	{
		displayName: 'Select Field Names or IDs',
		name: 'includeFields',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getQueryFields', loadOptionsDependsOn: ['resource'] },
		default: [],
		description:
			'Return only these fields (ID is always included). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { operation: ['getMany'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the binary property that holds the file, not the file itself',
		description: 'Name of the binary property of the input item that holds the file to attach',
		displayOptions: { show: { operation: ['upload'] } },
	},
	{
		displayName: 'Title',
		name: 'attachmentTitle',
		type: 'string',
		default: '',
		description: 'Title shown in Autotask; the file name when empty',
		displayOptions: { show: { operation: ['upload'] } },
	},
	{
		displayName: 'Publish',
		name: 'publish',
		type: 'options',
		default: 1,
		options: [
			{ name: 'All Autotask Users', value: 1 },
			{ name: 'Internal Users Only', value: 2 },
		],
		displayOptions: { show: { operation: ['upload'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryOutputPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary property the downloaded file is written to',
		displayOptions: { show: { operation: ['download'] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return a simplified version of the response instead of the raw data: at most 10 key fields per record (IDs, names, status, dates)',
		displayOptions: { show: { operation: ['get', 'getMany'] } },
	},
	{
		displayName: 'Options',
		name: 'outputOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { operation: ['get', 'getMany'] } },
		options: [
			{
				displayName: 'Add Picklist Labels',
				name: 'addPicklistLabels',
				type: 'boolean',
				default: true,
				description:
					'Whether to add a field_label beside each picklist field (e.g. status_label: "Complete"), from your Autotask\'s picklists read once per execution. On unless switched off here.',
			},
			{
				displayName: 'Ignore Missing Records',
				name: 'ignoreMissing',
				type: 'boolean',
				default: false,
				description:
					'Whether an ID that matches no record gives no output for its item instead of an error',
				displayOptions: { show: { '/operation': ['get'] } },
			},
			{
				displayName: 'Read Pages One at a Time',
				name: 'readPagesOneAtATime',
				type: 'boolean',
				default: false,
				description:
					"Whether to read the pages of a large Get Many one after another instead of up to 3 ID ranges at once. Slower; use it to leave the other 2 of Autotask's 3 threads per entity to other integrations.",
				displayOptions: { show: { '/operation': ['getMany'] } },
			},
			{
				displayName: 'Flatten UDFs',
				name: 'flattenUdfs',
				type: 'boolean',
				default: false,
				description:
					'Whether to turn userDefinedFields into top-level fields named udf_ plus the UDF name',
			},
		],
	},
	{
		displayName: 'Impersonation Resource ID',
		name: 'impersonationResourceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 29682885',
		description:
			"Make the change as this resource (sent as ImpersonationResourceId). The API user's security level must allow impersonation.",
		displayOptions: { show: { operation: ['create', 'update', 'replace', 'delete', 'upload'] } },
	},
];

export const nodeProperties: INodeProperties[] = [
	resourceProperty(),
	apiOperations,
	...apiRequestProperties,
	...operationProperties(),
	...parentIdProperties(),
	...idLocatorProperties(),
	...recordProperties,
	...specialProperties,
	...metadataProperties,
	writeOptionsProperty,
	onHourlyLimitProperty,
];
