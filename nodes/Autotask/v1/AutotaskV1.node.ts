import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';

/** Version 1 of the Autotask node: its description and methods; the router runs the operations. */
export class AutotaskV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...versionDescription };
	}

	methods = {
		loadOptions: {
			getQueryFields: loadOptions.getQueryFields,
			getPicklistFields: loadOptions.getPicklistFields,
			getEntities: loadOptions.getEntities,
			getConditionFields: loadOptions.getConditionFields,
			getConditionPicklistValues: loadOptions.getConditionPicklistValues,
		},
		listSearch: {
			searchRecords: listSearch.searchRecords,
			searchParents: listSearch.searchParents,
		},
		resourceMapping: { getFields: resourceMapping.getFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
