import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** The emit step: the workflow starts with one item, the callout as calloutToItem shaped it. */
export function emit(ctx: IWebhookFunctions, json: IDataObject): IWebhookResponseData {
	return { workflowData: [ctx.helpers.returnJsonArray([json])] };
}
