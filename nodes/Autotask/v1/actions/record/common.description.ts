/**
 * The record parameters several verbs share, each shown for all the verbs that take it: one property
 * instead of one per verb keeps the node description small, and the editor keeps a value when the
 * operation changes.
 */
import type { INodeProperties } from 'n8n-workflow';

import { ENTITIES, findEntity, type CatalogEntry } from '../../../catalog';
import { conditionValues } from '../../../helpers/conditions';
import { LOCATORS } from '../../../helpers/locators';
import type { Verb } from '../../../helpers/routes';
import { METADATA_OPERATIONS } from '../../../helpers/metadata-entity';
import { RESOURCE_ROUTES } from '../resource.description';
import { SPECIAL_ID_OPERATIONS, specialsFor } from '../special/specials';
import { idLocator, parentLocator } from './locator.description';
import { MATCHING_OPERATIONS } from './matching.description';

/** Metadata verbs are offered once, under the API resource, not on every resource. */
const META = new Set<string>(METADATA_OPERATIONS);

/**
 * Parent ID parameters: one per (parent, set of verbs that go through the parent's URL). A parent that
 * has a resource locator (company, ticket, project, ...) is picked from a list; others take an ID.
 */
export function parentIdProperties(): INodeProperties[] {
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
export function idLocatorProperties(): INodeProperties[] {
	const idVerbs = new Set<string>(['get', 'update', 'replace', 'delete']);
	return RESOURCE_ROUTES.filter(({ entity }) => LOCATORS[entity.name]).map(({ entity, routes }) =>
		idLocator(entity, [
			...routes.filter((r) => idVerbs.has(r.verb)).map((r) => r.verb),
			...specialsFor(entity).map((sp) => sp.value),
		]),
	);
}

const LOCATOR_RESOURCES = ENTITIES.filter((e) => LOCATORS[e.name]).map((e) => e.value);

/** The record ID of the verbs that take one, for resources without a list to pick from. */
export const idProperty: INodeProperties = {
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
};

/** The fields Create, Update and Replace send, from the live metadata of the resource. */
export const fieldsProperty: INodeProperties = {
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
	displayOptions: { show: { operation: ['create', 'update', 'replace', ...MATCHING_OPERATIONS] } },
};

/** The filter of Get Many and Count: conditions, or Autotask's filter JSON. */
export const filterProperties: INodeProperties[] = [
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
];

/** How Get and Get Many shape the records they return. */
export const outputProperties: INodeProperties[] = [
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
					'Whether to add a field_label beside each picklist field (e.g. status_label: "Complete"), from your Autotask\'s picklists (read at most every 15 minutes per n8n process). On unless switched off here.',
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
				displayName: 'Flatten UDFs',
				name: 'flattenUdfs',
				type: 'boolean',
				default: false,
				description:
					'Whether to turn userDefinedFields into top-level fields named udf_ plus the UDF name',
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
		],
	},
];
