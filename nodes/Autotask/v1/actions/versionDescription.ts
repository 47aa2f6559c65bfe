import type { INodeProperties } from 'n8n-workflow';

import { onHourlyLimitProperty } from '../../helpers/request-options';
import * as api from './api/api.description';
import * as getPicklistValues from './api/getPicklistValues.operation';
import * as request from './api/request.operation';
import {
	fieldsProperty,
	filterProperties,
	idLocatorProperties,
	idProperty,
	outputProperties,
	parentIdProperties,
} from './record/common.description';
import * as download from './record/download.operation';
import * as getMany from './record/getMany.operation';
import * as matching from './record/matching.description';
import * as upload from './record/upload.operation';
import { impersonationProperty, writeOptionsProperty } from './record/write.description';
import { operationProperties, resourceProperty } from './resource.description';
import * as special from './special/special.description';

/**
 * Version 1's parameters, in the order the editor shows them. The rest of the description is in
 * AutotaskV1.node.ts, where n8n's community lint looks for it.
 */
export const versionProperties: INodeProperties[] = [
	resourceProperty(),
	api.apiOperations,
	...request.description,
	...operationProperties(),
	...parentIdProperties(),
	...idLocatorProperties(),
	idProperty,
	...matching.description,
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
