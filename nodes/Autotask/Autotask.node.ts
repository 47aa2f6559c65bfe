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
import { executeApi, executeApiRequest } from './actions/api';
import { nodeProperties } from './actions/descriptions';
import type { Verb } from './actions/operations';
import { downloadAttachment, executeRecord } from './actions/records';
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
		description:
			'Read and write any Autotask PSA entity (tickets, companies, contacts, projects, time entries and 200 more) through its REST API',
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
		},
		resourceMapping: { getFields: resourceMapping.getFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const resource = this.getNodeParameter('resource', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				let records: IDataObject[];
				if (resource === 'api' && operation === 'request') {
					records = await executeApiRequest.call(this, i);
				} else if (resource === 'api') {
					records = [await executeApi.call(this, operation)];
				} else {
					const entity = findEntity(resource);
					if (!entity) {
						throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not known`, {
							itemIndex: i,
						});
					}
					const special = findSpecial(entity, operation);
					if (special) {
						returnData.push(await executeSpecial.call(this, i, entity, special));
						continue;
					}
					if (operation === 'download') {
						returnData.push(await downloadAttachment.call(this, i, entity));
						continue;
					}
					records = await executeRecord.call(this, i, entity, operation as Verb);
				}
				for (const json of records) returnData.push({ json, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError) {
					error.context.itemIndex = i;
					throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			}
		}
		return [returnData];
	}
}
