import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity, rootBase, type CatalogEntry } from '../catalog';
import { autotaskQuery } from '../transport';

/**
 * Resource locators (From List with search, By ID) for the records people pick most. The search fields
 * and the list label are the special case of each catalog entity; everything else is shared.
 */
export interface LocatorSpec {
	/** Fields searched with "contains" (any of them may match) */
	search: string[];
	/** Text shown in the list */
	label: (r: IDataObject) => string;
}

const text = (...parts: unknown[]) =>
	parts.filter((p) => p !== null && p !== undefined && p !== '').join(' ');

export const LOCATORS: Record<string, LocatorSpec> = {
	Companies: { search: ['companyName'], label: (r) => String(r.companyName ?? '') },
	ConfigurationItems: {
		search: ['referenceTitle', 'serialNumber'],
		label: (r) => text(r.referenceTitle, r.serialNumber ? `(${String(r.serialNumber)})` : ''),
	},
	Contacts: {
		search: ['firstName', 'lastName', 'emailAddress'],
		label: (r) =>
			text(r.firstName, r.lastName, r.emailAddress ? `<${String(r.emailAddress)}>` : ''),
	},
	Contracts: { search: ['contractName'], label: (r) => String(r.contractName ?? '') },
	Projects: {
		search: ['projectName', 'projectNumber'],
		label: (r) => text(r.projectNumber, r.projectName),
	},
	Resources: {
		search: ['firstName', 'lastName', 'userName'],
		label: (r) => text(r.firstName, r.lastName, r.userName ? `(${String(r.userName)})` : ''),
	},
	Tickets: { search: ['ticketNumber', 'title'], label: (r) => text(r.ticketNumber, r.title) },
};

/** Autotask ticket numbers look like T20240101.0001. */
export const TICKET_NUMBER = /^T\d{8}\.\d{4,}$/;

const PAGE = 50;

/** A resource locator for a record of `entity`: From List (searched), By ID, and for tickets By Ticket Number. */
function locator(
	entity: CatalogEntry,
	name: 'id' | 'parentId',
	searchListMethod: string,
	description: string,
	show: IDataObject,
): INodeProperties {
	const property: INodeProperties = {
		displayName: entity.label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12345',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'An ID is a whole number' },
					},
				],
			},
			{
				displayName: 'By Ticket Number',
				name: 'ticketNumber',
				type: 'string',
				placeholder: 'e.g. T20240101.0001',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*T\\d{8}\\.\\d{4,}\\s*$',
							errorMessage: 'A ticket number looks like T20240101.0001',
						},
					},
				],
			},
		],
		displayOptions: { show } as INodeProperties['displayOptions'],
	};
	if (entity.name !== 'Tickets')
		property.modes = property.modes!.filter((m) => m.name !== 'ticketNumber');
	return property;
}

/** The record ID parameter of a locator entity, for the given operations. */
export function idLocator(entity: CatalogEntry, operations: string[]): INodeProperties {
	return locator(entity, 'id', 'searchRecords', `The ${entity.label.toLowerCase()} to use`, {
		resource: [entity.value],
		operation: operations,
	});
}

/** The parent ID parameter of child records whose parent is a locator entity. */
export function parentLocator(parent: CatalogEntry, show: IDataObject): INodeProperties {
	const description = `The ${parent.label.toLowerCase()} this record belongs to (Autotask reaches it through its parent)`;
	return locator(parent, 'parentId', 'searchParents', description, show);
}

/** Mode and value of a parameter that is either a plain value or a resource locator. */
export function locatorValue(raw: unknown): { mode: string; value: string } {
	if (raw && typeof raw === 'object' && 'value' in (raw as IDataObject)) {
		const rl = raw as IDataObject;
		return { mode: String(rl.mode ?? 'id'), value: String(rl.value ?? '').trim() };
	}
	return { mode: 'id', value: String(raw ?? '').trim() };
}

export function checkTicketNumber(ctx: IExecuteFunctions, i: number, ticketNumber: string): void {
	if (!TICKET_NUMBER.test(ticketNumber)) {
		throw new NodeOperationError(ctx.getNode(), `"${ticketNumber}" is not a ticket number`, {
			itemIndex: i,
			description:
				'A ticket number looks like T20240101.0001. Use By ID for the numeric ticket ID.',
		});
	}
}

/** A ticket number turned into the ticket's ID (one query; remembered for the execution). */
export async function ticketIdFromNumber(
	ctx: IExecuteFunctions,
	i: number,
	ticketNumber: string,
): Promise<string> {
	checkTicketNumber(ctx, i, ticketNumber);
	const found = await autotaskQuery.call(
		ctx,
		`${rootBase(findEntity('Tickets')!)}/query`,
		{
			filter: [{ op: 'eq', field: 'ticketNumber', value: ticketNumber }],
			IncludeFields: ['id', 'ticketNumber'],
		},
		1,
	);
	const id = found.items[0]?.id;
	if (id === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Autotask has no ticket with number ${ticketNumber}`,
			{
				itemIndex: i,
				description: 'Check the number, and that the API user may see the ticket.',
			},
		);
	}
	return String(id);
}

async function search(
	ctx: ILoadOptionsFunctions,
	entity: CatalogEntry | undefined,
	filter?: string,
	token?: string,
) {
	const spec = entity && LOCATORS[entity.name];
	if (!entity || !spec)
		throw new NodeOperationError(
			ctx.getNode(),
			'This resource has no list to choose from; use By ID',
		);
	const conditions: IDataObject[] = [{ op: 'gt', field: 'id', value: Number(token ?? -1) }];
	const term = (filter ?? '').trim();
	if (term)
		conditions.push({
			op: 'or',
			items: spec.search.map((field) => ({ op: 'contains', field, value: term })),
		});
	// The list label is made of the searched fields, so only those are read.
	const { items } = await autotaskQuery.call(
		ctx,
		`${rootBase(entity)}/query`,
		{ filter: conditions, IncludeFields: ['id', ...spec.search] },
		PAGE,
	);
	const result: INodeListSearchResult = {
		results: items.map((r) => ({ name: spec.label(r) || `#${String(r.id)}`, value: String(r.id) })),
	};
	if (items.length === PAGE) result.paginationToken = String(items[items.length - 1].id);
	return result;
}

/** From List of the record ID: the resource's own records. */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	return await search(
		this,
		findEntity(this.getNodeParameter('resource', '') as string),
		filter,
		token,
	);
}

/** From List of the parent ID: records of the resource's parent entity. */
export async function searchParents(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const child = findEntity(this.getNodeParameter('resource', '') as string)?.child;
	return await search(
		this,
		child?.parentEntity ? findEntity(child.parentEntity) : undefined,
		filter,
		token,
	);
}
