/** Which operation file runs an item, by resource and operation. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CatalogEntry } from '../../catalog';
import type { METADATA_OPERATIONS } from '../../helpers/metadata-entity';
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

/** The task of one item for this resource and operation. */
export function operationFor(
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

/** Whether the operation is one of the API resource's metadata operations (any entity). */
export function isMetadataOperation(operation: string): boolean {
	return operation in METADATA;
}
