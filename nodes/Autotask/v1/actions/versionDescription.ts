import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { PANEL_DESCRIPTION } from '../../panel-description';
import { onHourlyLimitProperty } from '../../helpers/request-options';
import * as api from './api/api.description';
import * as getPicklistValues from './api/getPicklistValues.operation';
import * as request from './api/request.operation';
import {
	fieldsProperty,
	filterProperties,
	idLocatorProperties,
	idProperty,
	impersonationProperty,
	outputProperties,
	parentIdProperties,
	writeOptionsProperty,
} from './record/common.description';
import * as download from './record/download.operation';
import * as getMany from './record/getMany.operation';
import * as upload from './record/upload.operation';
import { operationProperties, resourceProperty } from './resource.description';
import * as special from './special/special.description';

/** The node's parameters, in the order the editor shows them. */
const properties: INodeProperties[] = [
	resourceProperty(),
	api.apiOperations,
	...request.description,
	...operationProperties(),
	...parentIdProperties(),
	...idLocatorProperties(),
	idProperty,
	fieldsProperty,
	...filterProperties,
	...getMany.description,
	...upload.description,
	...download.description,
	...outputProperties,
	impersonationProperty,
	...special.description,
	api.entityProperty,
	...getPicklistValues.description,
	writeOptionsProperty,
	onHourlyLimitProperty,
];

export const versionDescription: INodeTypeDescription = {
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
	properties,
};
