import { VersionedNodeType, type INodeTypeBaseDescription } from 'n8n-workflow';

import { PANEL_DESCRIPTION } from './panel-description';
import { AutotaskV1 } from './v1/AutotaskV1.node';

/**
 * The Autotask action node. Each version's description and code live in their own folder (v1/);
 * saved workflows keep the node type `autotask` and version 1.
 */
export class Autotask extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Autotask',
			name: 'autotask',
			icon: { light: 'file:autotask.svg', dark: 'file:autotask.dark.svg' },
			group: ['transform'],
			subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
			description: PANEL_DESCRIPTION,
			defaultVersion: 1,
		};
		super({ 1: new AutotaskV1(baseDescription) }, baseDescription);
	}
}
