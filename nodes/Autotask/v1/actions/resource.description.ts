import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { actionName, specialActionName } from '../../helpers/action-names';
import { METADATA_OPERATIONS } from '../../helpers/metadata-entity';
import { ALL_ROUTES, type Verb } from '../../helpers/routes';
import { SPECIAL_OPERATIONS, specialsFor } from './special/specials';

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
	createOrUpdate: 'Create or Update',
	delete: 'Delete',
	download: 'Download',
	findOrCreate: 'Find or Create',
	upload: 'Upload',
	get: 'Get',
	getEntityInfo: 'Get Entity Info',
	getFieldInfo: 'Get Field Info',
	getMany: 'Get Many',
	getPicklistValues: 'Get Picklist Values',
	replace: 'Replace',
	update: 'Update',
};

export function resourceProperty(): INodeProperties {
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
export function operationProperties(): INodeProperties[] {
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
