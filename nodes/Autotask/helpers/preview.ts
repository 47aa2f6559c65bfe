/**
 * Preview (dry run) of a write: every check of a real run is made, and the request the write would send
 * becomes the item's output instead of being sent. The writes of Create, Update, Replace, Delete, Create
 * or Update and Find or Create reach the transport through sendWrite, where the preview branch sits.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { autotaskRequest, type AutotaskRequest } from '../transport';

/** Whether item i only previews its write (Options › Preview Request (Dry Run)). */
export function isPreview(ctx: IExecuteFunctions, i: number): boolean {
	const options = (ctx.getNodeParameter('writeOptions', i, {}) as IDataObject) ?? {};
	// An expression (an AI agent's $fromAI input) may give the text "true".
	return options.previewOnly === true || String(options.previewOnly).toLowerCase() === 'true';
}

/**
 * What a preview outputs: the method, the path under the zone's base URL, the body and the
 * ImpersonationResourceId header when one is given (the credential's headers are never shown).
 */
export function previewItem(request: AutotaskRequest): IDataObject {
	const item: IDataObject = { preview: true, method: request.method, path: request.path };
	if (request.body !== undefined) item.body = request.body;
	const impersonate = request.headers?.ImpersonationResourceId;
	if (impersonate !== undefined) item.headers = { ImpersonationResourceId: impersonate };
	return item;
}

/** A write of item i: sent to Autotask, or with Preview only described. */
export async function sendWrite(
	ctx: IExecuteFunctions,
	i: number,
	request: AutotaskRequest,
): Promise<IDataObject> {
	if (isPreview(ctx, i)) return previewItem(request);
	return await autotaskRequest.call(ctx, request);
}

/** The action a previewed Create or Update or Find or Create would take, in the present tense. */
export function previewAction(action: string, json: IDataObject): string {
	if (json.preview !== true) return action;
	return ({ created: 'create', updated: 'update' } as Record<string, string>)[action] ?? action;
}
