import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findEntity, type CatalogEntry } from '../../catalog';
import { itemError } from '../../helpers/item-errors';
import { METADATA_OPERATIONS } from '../../helpers/metadata-entity';
import { READ_BACK_VERBS, readBackWritten } from '../../helpers/read-back';
import { runItems, type ItemOutcome } from '../../helpers/run-items';
import { MAX_IN_FLIGHT } from '../../transport/limiter';
import * as accountReads from './api/accountReads.operation';
import * as getEntityInfo from './api/getEntityInfo.operation';
import * as getFieldInfo from './api/getFieldInfo.operation';
import * as getPicklistValues from './api/getPicklistValues.operation';
import * as listEntities from './api/listEntities.operation';
import * as request from './api/request.operation';
import * as thresholdInformation from './api/thresholdInformation.operation';
import * as zoneInformation from './api/zoneInformation.operation';
import * as approve from './record/approve.operation';
import * as count from './record/count.operation';
import * as create from './record/create.operation';
import * as del from './record/delete.operation';
import * as download from './record/download.operation';
import * as get from './record/get.operation';
import * as getMany from './record/getMany.operation';
import * as replace from './record/replace.operation';
import * as update from './record/update.operation';
import * as upload from './record/upload.operation';
import * as special from './special/run.operation';
import { findSpecial } from './special/specials';

type RecordOperation = (
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
) => Promise<IDataObject[]>;

const RECORD_OPERATIONS: Record<string, RecordOperation> = {
	get: get.execute,
	getMany: getMany.execute,
	count: count.execute,
	create: create.execute,
	update: update.execute,
	replace: replace.execute,
	delete: del.execute,
	upload: upload.execute,
	approve: approve.execute,
};

/** What Autotask says about an entity: offered under the API resource, for any entity. */
const METADATA: Record<
	(typeof METADATA_OPERATIONS)[number],
	(this: IExecuteFunctions, i: number) => Promise<IDataObject[]>
> = {
	getEntityInfo: getEntityInfo.execute,
	getFieldInfo: getFieldInfo.execute,
	getPicklistValues: getPicklistValues.execute,
};

/** The API resource's account reads; an operation not listed reads the threshold information. */
async function apiRead(this: IExecuteFunctions, operation: string): Promise<IDataObject[]> {
	if (operation in accountReads.ACCOUNT_READS)
		return [await accountReads.execute.call(this, operation)];
	if (operation === 'entityInformation') return await listEntities.execute.call(this);
	if (operation === 'zoneInformation') return [await zoneInformation.execute.call(this)];
	return [await thresholdInformation.execute.call(this)];
}

/** Operations that change data in Autotask: they run 3 in flight across items. */
const WRITE_OPERATIONS = new Set(['create', 'update', 'replace', 'delete', 'upload']);

/** The task of one item for this resource and operation. */
function operationFor(
	ctx: IExecuteFunctions,
	resource: string,
	operation: string,
	entity: CatalogEntry | undefined,
): (i: number) => Promise<INodeExecutionData[]> {
	const records = (run: (i: number) => Promise<IDataObject[]>) => async (i: number) =>
		(await run(i)).map((json) => ({ json, pairedItem: { item: i } }));
	if (operation in METADATA)
		return records((i) => METADATA[operation as keyof typeof METADATA].call(ctx, i));
	if (resource === 'api' && operation === 'request')
		return records((i) => request.execute.call(ctx, i));
	if (resource === 'api') return records(() => apiRead.call(ctx, operation));
	const found = findSpecial(entity!, operation);
	if (found) return async (i) => [await special.execute.call(ctx, i, entity!, found)];
	if (operation === 'download') return async (i) => [await download.execute.call(ctx, i, entity!)];
	const run = RECORD_OPERATIONS[operation] ?? noSuchOperation(operation);
	return records((i) => run.call(ctx, i, entity!));
}

/** An operation the resource does not have: each item says so. */
function noSuchOperation(operation: string): RecordOperation {
	return async function (this: IExecuteFunctions, i: number, entity: CatalogEntry) {
		throw new NodeOperationError(
			this.getNode(),
			`${entity.label} has no "${operation}" operation in Autotask's API`,
			{ itemIndex: i },
		);
	};
}

/**
 * Runs the node's operation for every input item: Get across items as batched queries, writes 3 in
 * flight, reads one after another; written records are read back; a failed item either becomes an
 * error item (Continue On Fail) or stops the node with an error naming the other items.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	// Resource and operation cannot be expressions, so item 0 tells them for all items.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const entity = resource === 'api' ? undefined : findEntity(resource);
	if (resource !== 'api' && !entity) {
		throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not known`);
	}
	const isRecordVerb = !!entity && !(operation in METADATA) && !findSpecial(entity, operation);

	let outcomes: Array<ItemOutcome<INodeExecutionData[]>>;
	if (isRecordVerb && operation === 'get' && count > 1 && get.canBatchGet(entity!)) {
		// Get across items: ceil(N/500) `in` queries instead of N requests (in input order).
		outcomes = (await get.executeBatch.call(this, entity!, count)).map((o, i) =>
			o.error === undefined
				? { value: (o.value ?? []).map((json) => ({ json, pairedItem: { item: i } })) }
				: { error: o.error },
		);
	} else {
		// Writes run up to 3 at a time (Autotask's thread limit per entity); reads one after another.
		const concurrency = WRITE_OPERATIONS.has(operation) ? MAX_IN_FLIGHT : 1;
		const task = operationFor(this, resource, operation, entity);
		outcomes = await runItems(count, concurrency, !this.continueOnFail(), task);
	}

	const failed = outcomes.some((o) => o.error !== undefined);
	if (isRecordVerb && READ_BACK_VERBS.has(operation) && (!failed || this.continueOnFail())) {
		await readBackWritten(this, entity!, outcomes);
	}
	return [collectOutput(this, outcomes, WRITE_OPERATIONS.has(operation))];
}

/** The output items in input order; the first failed item stops the node unless Continue On Fail is set. */
function collectOutput(
	ctx: IExecuteFunctions,
	outcomes: Array<ItemOutcome<INodeExecutionData[]>>,
	writes: boolean,
): INodeExecutionData[] {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < outcomes.length; i++) {
		const { value, error, skipped } = outcomes[i];
		if (skipped) continue;
		if (error === undefined) {
			returnData.push(...(value ?? []));
			continue;
		}
		if (ctx.continueOnFail()) {
			returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			continue;
		}
		throw itemError(ctx, error, i, outcomes, writes);
	}
	return returnData;
}
