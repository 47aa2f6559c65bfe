import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity, rootOpPath } from '../catalog';
import { autotaskQuery } from '../transport';

/**
 * The records people pick from a list (resource locators: From List with search, By ID): the fields
 * searched and the label shown, per catalog entity; everything else is shared.
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
const TICKET_NUMBER = /^T\d{8}\.\d{4,}$/;

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
		rootOpPath(findEntity('Tickets')!, 'query'),
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
