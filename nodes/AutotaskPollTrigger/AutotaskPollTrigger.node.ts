import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { loadFields } from '../Autotask/helpers/metadata';
import { fieldLabel } from '../Autotask/helpers/field-labels';
import { ENTITIES, findEntity, entityOperationPath, type CatalogEntry } from '../Autotask/catalog';
import { getConditionFields, getConditionPicklistValues } from '../Autotask/helpers/field-options';
import { autotaskQuery } from '../Autotask/transport';
import { conditionValues } from '../Autotask/helpers/conditions';
import { compileConditions, type ConditionRow } from './conditions';
import {
	applyPoll,
	dateOf,
	formatDate,
	lowerBound,
	OVERLAP_MS,
	type MarkState,
	type Watch,
} from './high-water-mark';

/** Entities Autotask can query, by label. */
const QUERYABLE = ENTITIES.filter((e) => e.root.includes('query'))
	.map((e) => ({ name: e.label, value: e.value }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Records the editor's "Fetch Test Event" shows. */
const TEST_EVENT_COUNT = 5;
/** Windows tried, newest first, for the test event (one query each, stopping at the first that has records). */
const TEST_WINDOWS_DAYS = [1, 30, 365];

const CREATE_LIKE = /creat|attachDate/i;
const MODIFIED_LIKE = /lastActivity|lastModified|modified|lastTracked/i;

function queryableEntity(
	ctx: IPollFunctions | ILoadOptionsFunctions,
	resource: string,
): CatalogEntry {
	const entity = findEntity(resource);
	if (!entity || !entity.root.includes('query')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${resource}" is not an Autotask entity that can be queried`,
		);
	}
	return entity;
}

/** The compiled user conditions, cached in static data so a poll only reads metadata when they change. */
async function userConditions(
	ctx: IPollFunctions,
	entity: CatalogEntry,
	staticData: IDataObject,
): Promise<IDataObject[]> {
	const rows = ((ctx.getNodeParameter('conditions.condition', []) as ConditionRow[]) ?? []).filter(
		(r) => r.field,
	);
	if (!rows.length) return [];
	const source = JSON.stringify([entity.name, rows]);
	const cached = staticData.conditions as IDataObject | undefined;
	if (cached?.source === source && Array.isArray(cached.filter))
		return cached.filter as IDataObject[];
	const filter = await compileConditions(ctx, entity, rows);
	staticData.conditions = { source, filter };
	return filter;
}

export class AutotaskPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask Poll Trigger',
		name: 'autotaskPollTrigger',
		icon: { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["watch"] === "new" ? "New " : "New or updated ") + $parameter["resource"] }}',
		description:
			'Starts the workflow on new or updated Autotask PSA records of any entity, by polling',
		defaults: { name: 'Autotask Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: QUERYABLE,
				default: 'task',
				description: 'The record type to watch',
			},
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Records',
						value: 'new',
						description: 'Each record once, when it first appears',
					},
					{
						name: 'New or Updated Records',
						value: 'newOrUpdated',
						description: 'A record each time its date field changes',
					},
				],
				default: 'new',
			},
			{
				displayName: 'Date Field Name or ID',
				name: 'dateField',
				type: 'options',
				typeOptions: {
					loadOptionsMethod: 'getDateFields',
					loadOptionsDependsOn: ['resource', 'watch'],
				},
				default: '',
				required: true,
				description:
					'The date the poll follows. For New Records pick the create date (e.g. createDate, createDateTime); for New or Updated Records the last-modified or last-activity date. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Emit Current Records On First Poll',
				name: 'emitCurrent',
				type: 'boolean',
				default: false,
				description:
					'Whether the first poll after activation emits every record that matches now; otherwise it only notes where to start',
			},
			{
				displayName: 'Conditions',
				name: 'conditions',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Condition',
				default: {},
				description: 'Only records that match all conditions start the workflow',
				options: [
					{
						displayName: 'Condition',
						name: 'condition',
						values: conditionValues,
					},
				],
			},
		],
	};

	methods = {
		loadOptions: {
			getConditionFields,
			getConditionPicklistValues,
			async getDateFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const entity = queryableEntity(this, String(this.getNodeParameter('resource', '') ?? ''));
				const watch = String(this.getNodeParameter('watch', 'new') ?? 'new');
				const preferred = watch === 'new' ? CREATE_LIKE : MODIFIED_LIKE;
				const { fields } = await loadFields(this, entity);
				return fields
					.filter((f) => /date/i.test(f.dataType ?? f.type ?? '') && f.isQueryable !== false)
					.map((f) => ({ name: fieldLabel(f), value: f.name, description: f.name }))
					.sort(
						(a, b) =>
							Number(preferred.test(b.value)) - Number(preferred.test(a.value)) ||
							a.name.localeCompare(b.name),
					);
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = String(this.getNodeParameter('resource', 'task'));
		const entity = queryableEntity(this, resource);
		const dateField = String(this.getNodeParameter('dateField', '') ?? '').trim();
		if (!dateField) {
			throw new NodeOperationError(this.getNode(), 'Choose a date field', {
				description:
					'The poll follows a create date (New Records) or a last-modified date (New or Updated Records).',
			});
		}
		const watch = String(this.getNodeParameter('watch', 'new')) as Watch;
		const staticData = this.getWorkflowStaticData('node');
		const conditions = await userConditions(this, entity, staticData);
		const queryPath = entityOperationPath(entity, 'root', 'query');
		const now = Date.now();

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the newest few records, leaving the mark alone.
			for (const days of TEST_WINDOWS_DAYS) {
				const filter = [
					{ op: 'gte', field: dateField, value: formatDate(now - days * 86_400_000) },
					...conditions,
				];
				const { items } = await autotaskQuery.call(this, queryPath, { filter }, 500);
				if (!items.length) continue;
				const newest = items
					.filter((r) => dateOf(r, dateField) !== undefined)
					.sort((a, b) => dateOf(b, dateField)! - dateOf(a, dateField)!)
					.slice(0, TEST_EVENT_COUNT);
				if (newest.length) return [newest.map((json) => ({ json }))];
			}
			return null;
		}

		const key = `${entity.name}|${dateField}`;
		const previous =
			staticData.key === key && typeof staticData.mark === 'string'
				? (staticData as MarkState)
				: undefined;
		const emitCurrent = !previous && (this.getNodeParameter('emitCurrent', false) as boolean);
		// First poll: what is already there (from the overlap on, or all of it when asked to emit it).
		const since = previous ? lowerBound(previous) : formatDate(now - OVERLAP_MS);
		const dateCondition = emitCurrent
			? { op: 'exist', field: dateField }
			: { op: 'gte', field: dateField, value: since };
		const { items } = await autotaskQuery.call(this, queryPath, {
			filter: [dateCondition, ...conditions],
		});
		const { emit, state } = applyPoll(previous, key, items, { dateField, watch, now, emitCurrent });
		staticData.key = state.key;
		staticData.mark = state.mark;
		staticData.seen = state.seen;
		if (!emit.length) return null;
		return [emit.map((json) => ({ json }))];
	}
}
