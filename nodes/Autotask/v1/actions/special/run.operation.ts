import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { REQUEST_BODIES, operationPath, type CatalogEntry } from '../../../catalog';
import { numericParam } from '../../../helpers/parameters';
import { autotaskRequest } from '../../../transport';
import { allowedKeys, type SpecialOperation } from './specials';

/**
 * Autotask ignores body keys its request model does not have and answers 200 without doing anything:
 * a body naming one is refused before it is sent, with the keys the operation takes.
 */
function checkBodyKeys(
	ctx: IExecuteFunctions,
	i: number,
	special: SpecialOperation,
	body: IDataObject,
): void {
	const model = REQUEST_BODIES[special.covers[0]];
	if (!model) return;
	const known = new Set(model.map((k) => k.toLowerCase()));
	const unknown = Object.keys(body).filter((k) => !known.has(k.toLowerCase()));
	if (!unknown.length) return;
	const what = unknown.length === 1 ? 'a field' : 'fields';
	throw new NodeOperationError(
		ctx.getNode(),
		`Body (JSON) has ${what} Autotask does not take here: ${unknown.join(', ')}`,
		{
			itemIndex: i,
			description: `Autotask ignores unknown fields and answers as if it worked, without doing anything. ${special.name} takes: ${allowedKeys(special).join(', ')}. e.g. ${special.body?.example ?? '{}'}`,
		},
	);
}

/** The JSON body of item i, checked: an object, not empty, with only keys Autotask takes. */
function specialBody(
	ctx: IExecuteFunctions,
	i: number,
	special: SpecialOperation & { body: { example: string } },
): IDataObject {
	const raw = ctx.getNodeParameter('specialBody', i, '{}') as unknown;
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw || '{}');
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object') {
		throw new NodeOperationError(ctx.getNode(), 'Body (JSON) is not a JSON object', {
			itemIndex: i,
			description: `e.g. ${special.body.example}`,
		});
	}
	const body = parsed as IDataObject;
	// n8n sends {} as no body at all, and Autotask answers 200 to an empty one while doing nothing.
	if (!Object.keys(body).length) {
		throw new NodeOperationError(ctx.getNode(), 'Body (JSON) is empty', {
			itemIndex: i,
			description: `Fill in what Autotask expects, e.g. ${special.body.example}. An empty body would reach Autotask as no body.`,
		});
	}
	checkBodyKeys(ctx, i, special, body);
	return body;
}

/** Runs one special operation for item i; the URL is the catalog's for the operation it stands for. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	entity: CatalogEntry,
	special: SpecialOperation,
): Promise<INodeExecutionData> {
	const id = numericParam(this, i, 'id', 'ID');
	const ids = [id];
	if (special.second) ids.push(numericParam(this, i, 'secondId', special.second.displayName));
	const path = operationPath(special.covers[0], ids);
	const body = special.body
		? specialBody(this, i, special as SpecialOperation & { body: { example: string } })
		: undefined;
	// An approve is a GET that changes data: never repeated blindly.
	const answer = await autotaskRequest.call(this, {
		method: special.method,
		path,
		body,
		idempotent: special.method === 'GET' && special.value !== 'approveRequest',
	});
	if (!special.binary) return { json: answer, pairedItem: { item: i } };
	const file = ((answer.item as IDataObject | undefined) ?? answer) as IDataObject;
	if (typeof file.data !== 'string') {
		throw new NodeOperationError(
			this.getNode(),
			`Autotask returned no file for ${entity.label} ${id}`,
			{
				itemIndex: i,
			},
		);
	}
	const { data, ...json } = file;
	const property = String(this.getNodeParameter('binaryOutputPropertyName', i, 'data'));
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(String(data), 'base64'),
		String(file.fileName ?? `invoice-${String(file.id ?? '')}.pdf`),
		typeof file.contentType === 'string' ? file.contentType : 'application/pdf',
	);
	return { json, binary: { [property]: binary }, pairedItem: { item: i } };
}
