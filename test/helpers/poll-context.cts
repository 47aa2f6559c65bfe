/**
 * Contexts for the Autotask Poll Trigger: IPollFunctions and ILoadOptionsFunctions on n8n-core's real
 * request helpers (taken from createExecuteContext), with static data that persists across polls the way
 * n8n keeps a node's static data between ticks.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

import { AutotaskPollTrigger } from '../../nodes/AutotaskPollTrigger/AutotaskPollTrigger.node';
import { createExecuteContext, type CredentialStore, parameterAt } from './n8n-context.cjs';

export interface PollHarness {
	node: AutotaskPollTrigger;
	staticData: IDataObject;
	parameters: IDataObject;
	/** One poll tick in mode 'trigger' (or 'manual' for the editor's Fetch Test Event) */
	poll: (mode?: 'trigger' | 'manual') => Promise<INodeExecutionData[][] | null>;
	loadOptions: () => ILoadOptionsFunctions;
}

export function createPollHarness(options: {
	credentials: CredentialStore;
	parameters: IDataObject;
	staticData?: IDataObject;
}): PollHarness {
	const node = new AutotaskPollTrigger();
	const nodeInfo: INode = {
		id: 'b1b2c3d4-0000-4000-8000-000000000002',
		name: 'Autotask Poll Trigger',
		type: 'n8n-nodes-autotask-psa.autotaskPollTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { autotaskApi: { id: '1', name: 'Autotask' } },
	};
	const staticData: IDataObject = options.staticData ?? {};
	const parameters = options.parameters;
	const context = (mode: string) => {
		// n8n builds a new context per tick; so do we (the transport and metadata caches are per context)
		const exec = createExecuteContext({ credentials: options.credentials, node: nodeInfo });
		return {
			getNode: () => nodeInfo,
			getMode: () => mode,
			getActivationMode: () => 'activate',
			getPollBudgetMs: () => 5 * 60_000,
			getCredentials: exec.getCredentials,
			getWorkflowStaticData: (type: string) => {
				if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
				return staticData;
			},
			getNodeParameter: (name: string, fallback?: unknown) => {
				const v = parameterAt(parameters, name);
				return v === undefined ? fallback : v;
			},
			getCurrentNodeParameter: (name: string) => parameterAt(parameters, name),
			logger: exec.logger,
			helpers: exec.helpers,
		};
	};
	return {
		node,
		staticData,
		parameters,
		poll: async (mode = 'trigger') =>
			await node.poll.call(context(mode) as unknown as IPollFunctions),
		loadOptions: () => context('internal') as unknown as ILoadOptionsFunctions,
	};
}
