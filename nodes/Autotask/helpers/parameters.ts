import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity, type CatalogEntry } from '../catalog';
import { locatorValue, ticketIdFromNumber } from './locators';
import { resolveNames } from './reference-lookup';
import { hasNameKey, isName } from './reference-names';
import { collectionPath, routeOf, type Route, type Verb } from './routes';

/** Stops item i with a message and a hint on what to do. */
export function fail(
	ctx: IExecuteFunctions,
	i: number,
	message: string,
	description?: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
}

/** A numeric ID parameter (plain or a resource locator's value), checked before anything is sent. */
export function numericParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
): string {
	const given = ctx.getNodeParameter(name, i, '') as unknown;
	if (given && typeof given === 'object' && !('value' in (given as IDataObject))) {
		fail(
			ctx,
			i,
			`${label} got ${Array.isArray(given) ? 'a list' : 'an object'} instead of a number`,
			`Check the expression for ${label}: it should give one numeric ID, e.g. {{ $json.id }}, not the whole item.`,
		);
	}
	const raw = locatorValue(given).value;
	if (!raw)
		fail(ctx, i, `${label} is empty`, `Give the numeric ${label.toLowerCase()} of the record.`);
	if (!/^\d+$/.test(raw)) {
		fail(
			ctx,
			i,
			`${label} "${raw}" is not a number`,
			`Autotask IDs are whole numbers, e.g. 12345.`,
		);
	}
	return raw;
}

/**
 * An ID parameter, plain or a resource locator; a ticket given by its number is looked up, and so is
 * a name given by expression for a record of `model` (a company's name, a contact's email), the names
 * of all items in one lookup.
 */
export async function idParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
	model?: string,
): Promise<string> {
	const given = ctx.getNodeParameter(name, i, '') as unknown;
	const { mode, value } = locatorValue(given);
	if (mode === 'ticketNumber') return await ticketIdFromNumber(ctx, i, value);
	const text =
		typeof given === 'string' || (given && typeof given === 'object' && 'value' in given);
	if (text && hasNameKey(model) && isName(value, model)) {
		const refOf = (j: number) => {
			try {
				const given = locatorValue(ctx.getNodeParameter(name, j, '')).value;
				return isName(given, model) ? [{ key: label, model, name: given }] : [];
			} catch {
				return [];
			}
		};
		const gatherAll = () => ctx.getInputData().flatMap((_, j) => refOf(j));
		const [id] = await resolveNames(ctx, i, refOf(i), `locator:${name}`, gatherAll);
		return String(id);
	}
	return numericParam(ctx, i, name, label);
}

/** An ID parameter that may be left empty. */
export async function optionalIdParam(
	ctx: IExecuteFunctions,
	i: number,
	name: string,
	label: string,
) {
	return locatorValue(ctx.getNodeParameter(name, i, '')).value
		? await idParam(ctx, i, name, label)
		: undefined;
}

/** Where one verb of an entity goes for item i: its route, the parent's ID (child routes) and the collection URL. */
export interface RecordTarget {
	route: Route;
	parentId?: string;
	base: string;
}

/** The target of a verb for item i; an entity without that verb stops the item. */
export async function recordTarget(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	verb: Verb,
): Promise<RecordTarget> {
	const route = routeOf(entity, verb);
	if (!route) fail(ctx, i, `${entity.label} has no "${verb}" operation in Autotask's API`);
	const parentModel = entity.child?.parentEntity
		? findEntity(entity.child.parentEntity)?.model
		: undefined;
	const parentId =
		route.scope === 'child'
			? await idParam(ctx, i, 'parentId', 'Parent ID', parentModel)
			: undefined;
	return { route, parentId, base: collectionPath(entity, route, parentId) };
}
