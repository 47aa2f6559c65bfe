import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { fail, idParam, numericParam } from '../../../helpers/parameters';
import { collectionPath, routeOf } from '../../../helpers/routes';
import { autotaskRequest } from '../../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Put Output File in Field',
		name: 'binaryOutputPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary property the downloaded file is written to',
		displayOptions: { show: { operation: ['download'] } },
	},
];

/** Download: the attachment's base64 data becomes an n8n binary property with its file name and type. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<INodeExecutionData> {
	const route = routeOf(entity, 'download');
	if (!route) fail(this, i, `${entity.label} has no file to download`);
	const parentId = await idParam(this, i, 'parentId', 'Parent ID');
	const id = numericParam(this, i, 'id', 'ID');
	const answer = await autotaskRequest.call(this, {
		method: 'GET',
		path: `${collectionPath(entity, route, parentId)}/${id}`,
	});
	// The child GET of an attachment answers {items:[…]}, not {item}.
	const record = ((answer.items as IDataObject[] | undefined)?.[0] ?? answer.item) as
		| IDataObject
		| undefined;
	if (!record || typeof record.data !== 'string') {
		fail(
			this,
			i,
			`Autotask returned no file for ${entity.label} ${id} of parent ${parentId}`,
			'Check both IDs.',
		);
	}
	const { data, ...json } = record;
	const fileName = String(record.fullPath || record.title || `attachment-${id}`);
	const mimeType = typeof record.contentType === 'string' ? record.contentType : undefined;
	const property = String(this.getNodeParameter('binaryOutputPropertyName', i, 'data'));
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(String(data), 'base64'),
		fileName,
		mimeType,
	);
	return { json, binary: { [property]: binary }, pairedItem: { item: i } };
}
