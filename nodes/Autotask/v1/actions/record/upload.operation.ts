import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CatalogEntry } from '../../../catalog';
import { fail, recordTarget } from '../../../helpers/parameters';
import { impersonation } from '../../../helpers/record-body';
import { autotaskRequest } from '../../../transport';

const SHOW = { show: { operation: ['upload'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the binary property that holds the file, not the file itself',
		description: 'Name of the binary property of the input item that holds the file to attach',
		displayOptions: SHOW,
	},
	{
		displayName: 'Title',
		name: 'attachmentTitle',
		type: 'string',
		default: '',
		description: 'Title shown in Autotask; the file name when empty',
		displayOptions: SHOW,
	},
	{
		displayName: 'Publish',
		name: 'publish',
		type: 'options',
		default: 1,
		options: [
			{ name: 'All Autotask Users', value: 1 },
			{ name: 'Internal Users Only', value: 2 },
		],
		displayOptions: SHOW,
	},
];

/** Autotask's per-file attachment limit: 6 to 7 MB by its documentation; the lower bound is used. */
const MAX_ATTACHMENT_BYTES = 6 * 1024 * 1024;

/** Upload: the file comes from a binary property of the item, validated before anything is sent. */
async function attachmentBody(
	ctx: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	parentId: string,
) {
	const prop = ctx.getNodeParameter('binaryPropertyName', i, 'data') as unknown;
	const objectHint =
		'Write the name of the binary property (e.g. data), not an expression such as {{ $binary.data }}, which gives the file itself.';
	if (typeof prop !== 'string' || prop === '[object Object]') {
		fail(ctx, i, 'Input Binary Field must be the name of a binary property', objectHint);
	}
	const binary = ctx.getInputData()[i]?.binary ?? {};
	const names = Object.keys(binary);
	if (!binary[prop]) {
		fail(
			ctx,
			i,
			`The item has no binary property "${prop}"`,
			names.length
				? `Its binary properties are: ${names.join(', ')}.`
				: 'It has no binary data: read or download a file earlier in the workflow.',
		);
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(i, prop);
	if (buffer.length > MAX_ATTACHMENT_BYTES) {
		fail(
			ctx,
			i,
			`The file is ${(buffer.length / 1048576).toFixed(1)} MB; Autotask accepts at most 6 MB per attachment`,
			'Compress or split the file, or attach a link to it instead.',
		);
	}
	const fileName = binary[prop].fileName ?? `${prop}.bin`;
	const title = String(ctx.getNodeParameter('attachmentTitle', i, '') || fileName);
	const body: IDataObject = {
		id: 0,
		attachmentType: 'FILE_ATTACHMENT',
		fullPath: fileName,
		title,
		publish: ctx.getNodeParameter('publish', i, 1) as number,
		data: buffer.toString('base64'),
	};
	const parentField = entity.child?.parentIdField;
	if (parentField && parentField !== 'id') body[parentField] = Number(parentId);
	return body;
}

/** Upload of one attachment for item i, through its parent's URL. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
): Promise<IDataObject[]> {
	const { parentId, base } = await recordTarget(this, i, entity, 'upload');
	const body = await attachmentBody(this, i, entity, parentId ?? '');
	return [
		await autotaskRequest.call(this, {
			method: 'POST',
			path: base,
			body,
			headers: impersonation(this, i),
		}),
	];
}
