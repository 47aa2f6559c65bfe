import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { PANEL_DESCRIPTION } from '../panel-description';
import { router } from './actions/router';
import { versionProperties } from './actions/versionDescription';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';
import * as resourceMapping from './methods/resourceMapping';

/** Version 1 of the Autotask node: its description and methods; the router runs the operations. */
export class AutotaskV1 implements INodeType {
	// n8n resolves the icons next to Autotask.node.js; the lint looks for them beside this file (copies).
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
		properties: versionProperties,
	};

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = { ...baseDescription, ...this.description };
	}

	methods = {
		loadOptions: {
			getQueryFields: loadOptions.getQueryFields,
			getPicklistFields: loadOptions.getPicklistFields,
			getEntities: loadOptions.getEntities,
			getConditionFields: loadOptions.getConditionFields,
			getConditionPicklistValues: loadOptions.getConditionPicklistValues,
			getMatchFields: loadOptions.getMatchFields,
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
