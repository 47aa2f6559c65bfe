import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { findEntity } from '../../catalog';
import {
	checkToolInputs,
	runsAsAgentTool,
	toolErrorItem,
	toolInputs,
} from '../../helpers/agent-tool';
import { itemError } from '../../helpers/item-errors';
import { READ_BACK_VERBS, readBackWritten } from '../../helpers/read-back';
import { routeOf, type Verb } from '../../helpers/routes';
import { runItems, type ItemOutcome } from '../../helpers/run-items';
import { MAX_IN_FLIGHT } from '../../transport/limiter';
import { reportRequestBudget } from '../../transport/request-budget';
import { isMetadataOperation, operationFor } from './operations';
import * as createOrUpdate from './record/createOrUpdate.operation';
import * as findOrCreate from './record/findOrCreate.operation';
import * as get from './record/get.operation';
import { findSpecial } from './special/specials';

/** Operations that change data in Autotask: they run 3 in flight across items. */
const WRITE_OPERATIONS = new Set([
	'create',
	'update',
	'replace',
	'delete',
	'upload',
	'createOrUpdate',
	'findOrCreate',
]);

/** Create or Update and Find or Create: matches read for all items at once, then the writes. */
const MATCHING = {
	createOrUpdate: createOrUpdate.executeAll,
	findOrCreate: findOrCreate.executeAll,
};

/**
 * Runs the node's operation. As an AI agent's tool (helpers/agent-tool.ts), the inputs the model filled
 * are checked first, and a failure becomes the tool's answer, so the model can correct its call; only
 * a node set to "On Error: Stop Workflow" still ends the agent's run.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (!runsAsAgentTool(this)) return await runOperation.call(this);
	const inputs = toolInputs(this, 0);
	try {
		checkToolInputs(this, inputs, 0);
		return await runOperation.call(this);
	} catch (error) {
		if (this.getNode().onError === 'stopWorkflow') {
			throw error instanceof NodeOperationError || error instanceof NodeApiError
				? error
				: new NodeOperationError(this.getNode(), error as Error);
		}
		return [[toolErrorItem(error, inputs)]];
	}
}

/**
 * Runs the node's operation for every input item: Get across items as batched queries, writes 3 in
 * flight, reads one after another; written records are read back; a failed item either becomes an
 * error item (Continue On Fail) or stops the node with an error naming the other items.
 */
async function runOperation(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = this.getInputData().length;
	// Resource and operation cannot be expressions, so item 0 tells them for all items.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const entity = resource === 'api' ? undefined : findEntity(resource);
	if (resource !== 'api' && !entity) {
		throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not known`);
	}
	const isRecordVerb =
		!!entity && !isMetadataOperation(operation) && !findSpecial(entity, operation);

	let outcomes: Array<ItemOutcome<INodeExecutionData[]>>;
	if (isRecordVerb && operation in MATCHING && routeOf(entity!, operation as Verb)) {
		// Also reads the written records back and marks each output with its action.
		outcomes = await MATCHING[operation as keyof typeof MATCHING].call(this, entity!, count);
	} else if (isRecordVerb && operation === 'get' && count > 1 && get.canBatchGet(entity!)) {
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
	const output = collectOutput(this, outcomes, WRITE_OPERATIONS.has(operation));
	reportRequestBudget(this);
	return [output];
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
			// A tool set to continue still answers the model with the fix and the inputs to change.
			const json = runsAsAgentTool(ctx)
				? toolErrorItem(error, toolInputs(ctx, i)).json
				: { error: (error as Error).message };
			returnData.push({ json, pairedItem: { item: i } });
			continue;
		}
		throw itemError(ctx, error, i, outcomes, writes);
	}
	return returnData;
}
