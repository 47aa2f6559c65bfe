/**
 * The actions n8n's nodes panel lists for the Autotask node, built the way the editor builds them
 * (n8n's useActionsGeneration + getActionData): for each Resource option, the first Operation property
 * whose displayOptions show that resource gives the actions; picking one sets the operation and, for
 * each displayOptions.show key, the first value listed. The AI tool description comes from n8n-workflow.
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { AutotaskTrigger } from '../nodes/AutotaskTrigger/AutotaskTrigger.node';
import { ENTITIES } from '../nodes/Autotask/catalog';
import {
	ACTION_ENTITIES,
	RESOURCE_ROUTES,
} from '../nodes/Autotask/v1/actions/resource.description';
import { pluralLabel, singularLabel } from '../nodes/Autotask/helpers/action-names';
import { autotaskNode } from './helpers/n8n-context.cjs';

const description: INodeTypeDescription = autotaskNode().description;

interface PanelAction {
	category: string;
	displayName: string;
	/** The parameters the editor sets when the action is picked */
	opens: Record<string, unknown>;
}

function panelActions(d: INodeTypeDescription): PanelAction[] {
	const resources = d.properties.find((p) => p.name === 'resource')!
		.options as INodePropertyOptions[];
	const out: PanelAction[] = [];
	for (const resource of resources) {
		const operations = d.properties.find(
			(p: INodeProperties) =>
				p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
		);
		for (const option of (operations?.options ?? []) as INodePropertyOptions[]) {
			const shown = operations!.displayOptions!.show!;
			const conditions = Object.fromEntries(Object.keys(shown).map((k) => [k, shown[k]![0]]));
			out.push({
				category: `${resource.name} Actions`,
				displayName: option.action ?? `${resource.name} ${option.name}`,
				opens: { operation: option.value, ...conditions },
			});
		}
	}
	return out;
}

const actions = panelActions(description);
const resourceOptions = description.properties.find((p) => p.name === 'resource')!
	.options as INodePropertyOptions[];

describe("n8n's nodes panel", () => {
	it('lists actions under all 229 resources: 228 entities and the API', () => {
		// The other 5 entities are actions on a record (approve a time off request, add stocked items),
		// offered as operations of that record's resource.
		expect([...ACTION_ENTITIES].sort()).toEqual([
			'InventoryStockedItemsAdd',
			'InventoryStockedItemsRemove',
			'InventoryStockedItemsTransfer',
			'TimeOffRequestsApprove',
			'TimeOffRequestsReject',
		]);
		expect(RESOURCE_ROUTES).toHaveLength(ENTITIES.length - 5);
		expect(resourceOptions).toHaveLength(229);
		const categories = new Set(actions.map((a) => a.category));
		expect(categories.size).toBe(229);
	});

	it.each(resourceOptions.map((r) => [r.name, r.value] as const))(
		'%s: every action opens the node on its own resource',
		(name, value) => {
			const own = actions.filter((a) => a.category === `${name} Actions`);
			expect(own.length).toBeGreaterThan(0);
			for (const action of own) expect(action.opens.resource).toBe(value);
		},
	);

	it('names the resource in every action of an entity', () => {
		const unnamed = RESOURCE_ROUTES.map((r) => r.entity).flatMap((e) =>
			actions
				.filter((a) => a.category === `${e.label} Actions`)
				.filter((a) => {
					const text = a.displayName.toLowerCase();
					const one = singularLabel(e.label).toLowerCase();
					const many = pluralLabel(e.label).toLowerCase();
					const parent = one.replace(/ approval$/, '');
					return !text.includes(one) && !text.includes(many) && !text.includes(parent);
				})
				.map((a) => `${e.label}: ${a.displayName}`),
		);
		expect(unnamed).toEqual([]);
	});

	it("reads like n8n's own actions for the common ones", () => {
		const names = new Set(actions.map((a) => a.displayName));
		for (const expected of [
			'Create a ticket',
			'Get many tickets',
			'Get many time entries',
			'Update a company',
			'Count contacts',
			'Upload a ticket attachment',
			'Download a ticket attachment',
			'Approve a time off request',
			'Create an opportunity',
			'Get a configuration item',
			'Create a ticket note',
		]) {
			expect(names).toContain(expected);
		}
	});

	it('finds "create ticket" as the Ticket resource\'s Create action', () => {
		const hits = actions.filter(
			(a) => /create/i.test(a.displayName) && /\bticket\b/i.test(a.displayName),
		);
		const ticket = hits.find((a) => a.displayName === 'Create a ticket');
		expect(ticket?.opens).toEqual({ resource: 'ticket', operation: 'create' });
	});

	it("shows the action node's own description on the merged Autotask entry", () => {
		// The panel merges the trigger into the node of the same name and shows the trigger's text.
		expect(new AutotaskTrigger().description.description).toBe(description.description);
		expect(description.description).toMatch(/read and write/i);
	});
});

describe('AI tools built from the node', () => {
	const toolDescription = (resource: string, operation: string) =>
		NodeHelpers.getToolDescriptionForNode(
			{ parameters: { resource, operation, descriptionType: 'auto' } } as never,
			{ description } as never,
		);

	it('get a description that names the resource', () => {
		expect(toolDescription('ticket', 'getMany')).toBe('Get many tickets in Autotask');
		expect(toolDescription('company', 'getMany')).toBe('Get many companies in Autotask');
		expect(toolDescription('timeEntry', 'create')).toBe('Create a time entry in Autotask');
	});

	it('are all distinct: no two resource/operation pairs describe themselves alike', () => {
		const seen = new Map<string, string>();
		const clashes: string[] = [];
		for (const a of actions) {
			const text = toolDescription(String(a.opens.resource), String(a.opens.operation));
			const key = `${a.opens.resource}/${a.opens.operation}`;
			if (seen.has(text) && seen.get(text) !== key)
				clashes.push(`${text}: ${seen.get(text)} and ${key}`);
			seen.set(text, key);
		}
		expect(clashes).toEqual([]);
	});
});
