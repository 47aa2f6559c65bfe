import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import { findEntity } from './catalog';
import { READ_BACK_VERBS, readBackWritten } from './actions/read-back';
import { PANEL_DESCRIPTION } from './panel-description';
import {
	METADATA_OPERATIONS,
	executeMetadata,
	type MetadataOperation,
} from './actions/entity-metadata';
import { executeApi, executeApiRequest } from './actions/api';
import { nodeProperties } from './actions/descriptions';
import type { Verb } from './actions/operations';
import { searchParents, searchRecords } from './actions/locators';
import { canBatchGet, downloadAttachment, executeGetBatch, executeRecord } from './actions/records';
import { runItems } from './actions/run-items';
import { MAX_IN_FLIGHT } from './transport/limiter';
import { reportRequestBudget } from './transport/request-budget';
import { mayHaveBeenApplied } from './transport/errors';
import { executeSpecial, findSpecial } from './actions/specials';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';

export class Autotask implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autotask',
		name: 'autotask',
		icon: { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: PANEL_DESCRIPTION,
		defaults: { name: 'Autotask' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autotaskApi', required: true }],
		properties: nodeProperties,
	};

	methods = {
		loadOptions: {
			getQueryFields: loadOptions.getQueryFields,
			getPicklistFields: loadOptions.getPicklistFields,
			getEntities: loadOptions.getEntities,
			getConditionFields: loadOptions.getConditionFields,
			getConditionPicklistValues: loadOptions.getConditionPicklistValues,
		},
		listSearch: { searchRecords, searchParents },
		resourceMapping: { getFields: resourceMapping.getFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Resource and operation cannot be expressions, so item 0 tells them for all items.
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const metadataOperation = METADATA.has(operation)
			? (operation as MetadataOperation)
			: undefined;
		const entity = resource === 'api' ? undefined : findEntity(resource);
		if (resource !== 'api' && !entity) {
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not known`);
		}
		const special = entity && !metadataOperation ? findSpecial(entity, operation) : undefined;

		const runOne = async (i: number): Promise<INodeExecutionData[]> => {
			let records: IDataObject[];
			if (metadataOperation) records = await executeMetadata.call(this, i, metadataOperation);
			else if (resource === 'api' && operation === 'request')
				records = await executeApiRequest.call(this, i);
			else if (resource === 'api')
				records = ([] as IDataObject[]).concat(await executeApi.call(this, operation));
			else if (special) return [await executeSpecial.call(this, i, entity!, special)];
			else if (operation === 'download') return [await downloadAttachment.call(this, i, entity!)];
			else records = await executeRecord.call(this, i, entity!, operation as Verb);
			return records.map((json) => ({ json, pairedItem: { item: i } }));
		};

		let outcomes: Array<{ value?: INodeExecutionData[]; error?: unknown; skipped?: boolean }>;
		if (operation === 'get' && !special && entity && items.length > 1 && canBatchGet(entity)) {
			// Get across items: ceil(N/500) `in` queries instead of N requests (in input order).
			outcomes = (await executeGetBatch.call(this, entity, items.length)).map((o, i) =>
				o.error === undefined
					? { value: (o.value ?? []).map((json) => ({ json, pairedItem: { item: i } })) }
					: { error: o.error },
			);
		} else {
			// Writes run up to 3 at a time (Autotask's thread limit per entity); reads one after another.
			const concurrency = WRITE_OPERATIONS.has(operation) ? MAX_IN_FLIGHT : 1;
			outcomes = await runItems(items.length, concurrency, !this.continueOnFail(), runOne);
		}

		const failed = outcomes.some((o) => o.error !== undefined);
		if (
			entity &&
			!special &&
			READ_BACK_VERBS.has(operation) &&
			(!failed || this.continueOnFail())
		) {
			await readBackWritten(this, entity, outcomes);
		}

		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < outcomes.length; i++) {
			const { value, error, skipped } = outcomes[i];
			if (skipped) continue;
			if (error === undefined) {
				returnData.push(...(value ?? []));
				continue;
			}
			if (this.continueOnFail()) {
				returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw itemError(this, error, i, outcomes, WRITE_OPERATIONS.has(operation));
		}
		reportRequestBudget(this); // issue 18: the requests this execution spent, as an execution hint
		return [returnData];
	}
}

const METADATA = new Set<string>(METADATA_OPERATIONS);

/** Operations that change data in Autotask: they run 3 in flight across items. */
const WRITE_OPERATIONS = new Set(['create', 'update', 'replace', 'delete', 'upload']);

/** "Item 3 was …" / "Items 3, 4 were …", with "it" or "them" filled in; nothing for no items. */
function sentAlongside(items: number[], outcome: (them: string) => string): string {
	if (!items.length) return '';
	const who = items.length === 1 ? `Item ${items[0]} was` : `Items ${items.join(', ')} were`;
	return ` ${who} sent at the same time and ${outcome(items.length === 1 ? 'it' : 'them')}.`;
}

/**
 * The item's error as n8n shows it, saying which later items sent at the same time were written, and
 * which may have been written (their answer was lost): re-running those blindly could make duplicates.
 */
function itemError(
	ctx: IExecuteFunctions,
	error: unknown,
	i: number,
	outcomes: Array<{ error?: unknown; skipped?: boolean }>,
	writes: boolean,
): Error {
	const earlier = writes
		? outcomes.slice(0, i).flatMap((o, n) => (o.error === undefined && !o.skipped ? [n] : []))
		: [];
	const later = outcomes.map((o, n) => ({ ...o, n })).filter((o) => o.n > i && !o.skipped);
	const written = later.filter((o) => o.error === undefined).map((o) => o.n);
	const unknown = later
		.filter((o) => o.error !== undefined && mayHaveBeenApplied(o.error))
		.map((o) => o.n);
	const before = earlier.length
		? ` ${earlier.length === 1 ? `Item ${earlier[0]}` : `Items ${earlier.join(', ')}`} before it ${earlier.length === 1 ? 'was' : 'were'} written: do not send ${earlier.length === 1 ? 'it' : 'them'} again.`
		: '';
	const note =
		before +
		sentAlongside(written, (them) => `succeeded: do not send ${them} again`) +
		sentAlongside(
			unknown,
			(them) => `may have been applied: check in Autotask before re-running ${them}`,
		);
	// n8n's guideline: the message names the item, as [item N].
	const tag = (e: Error) => {
		if (!/\[item \d+\]$/.test(e.message)) e.message = `${e.message} [item ${i}]`;
		return e;
	};
	if (error instanceof NodeApiError) {
		error.context.itemIndex = i;
		const wrapped = new NodeApiError(ctx.getNode(), error as unknown as JsonObject);
		if (note) wrapped.description = `${wrapped.description ?? ''}${note}`.trim();
		return tag(wrapped);
	}
	if (error instanceof NodeOperationError) {
		if (note) error.description = `${error.description ?? ''}${note}`.trim();
		error.context.itemIndex = i;
		return tag(error);
	}
	return tag(
		new NodeOperationError(ctx.getNode(), error as Error, {
			itemIndex: i,
			description: note || undefined,
		}),
	);
}
