/**
 * Renders docs/operations.md from the catalog: every resource, its operations, and the HTTP call each
 * makes. `npm run docs` writes it; a test proves the committed file is current.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import {
	CHILD_OP_HTTP,
	ENTITIES,
	ROOT_OP_HTTP,
	SPECIALS,
	operationTemplate,
	rootBase,
} from '../nodes/Autotask/catalog';
import { queryableTwin, routesFor, type Route } from '../nodes/Autotask/helpers/routes';
import { SPECIAL_OPERATIONS, specialsFor } from '../nodes/Autotask/v1/actions/special/specials';
import { ACTION_ENTITIES } from '../nodes/Autotask/v1/actions/resource.description';
import { actionName, specialActionName } from '../nodes/Autotask/helpers/action-names';
import { METADATA_OPERATIONS } from '../nodes/Autotask/helpers/metadata-entity';
import { REPO } from './generate-catalog.cjs';

export const OPERATIONS_DOC = resolve(REPO, 'docs', 'operations.md');

const VERB_NAMES: Record<string, string> = {
	get: 'Get',
	getMany: 'Get Many',
	count: 'Count',
	create: 'Create',
	update: 'Update',
	createOrUpdate: 'Create or Update',
	findOrCreate: 'Find or Create',
	replace: 'Replace',
	delete: 'Delete',
	approve: 'Approve',
	upload: 'Upload',
	download: 'Download',
	getEntityInfo: 'Get Entity Info',
	getFieldInfo: 'Get Field Info',
	getPicklistValues: 'Get Picklist Values',
};

function httpOf(entity: (typeof ENTITIES)[number], route: Route): string {
	return route.covers
		.map((c) => {
			const [scope, op] = c.split(':');
			if (scope === 'root') {
				const [method, suffix] = ROOT_OP_HTTP[op as keyof typeof ROOT_OP_HTTP];
				return `\`${method} ${rootBase(entity)}${suffix}\``;
			}
			const [method, suffix] = CHILD_OP_HTTP[op as keyof typeof CHILD_OP_HTTP];
			return `\`${method} /V1.0/${entity.child!.parent}/{parentId}/${entity.child!.segment}${suffix}\``;
		})
		.join('<br>');
}

export function renderOperationsDoc(): string {
	const lines = [
		'# Autotask node: resources and operations',
		'',
		'Generated from the entity catalog by `npm run docs`; do not edit by hand.',
		'',
		'Every resource lists the operations the Autotask REST API allows for it, and the calls each makes',
		'(where an operation stands for several forms of the same call, such as `POST …/query` and',
		"`GET …/query?search=`, all are listed; the node sends the first). `{parentId}` is the node's",
		"**Parent ID** field. The action is what n8n's nodes panel lists under the resource and what an AI",
		"agent's tool is described as.",
		'',
		'## API',
		'',
		'| operation | HTTP |',
		'|---|---|',
		'| Get Entity Info | `GET …/entityInformation` of the entity picked in Entity |',
		'| Get Field Info | `GET …/entityInformation/fields` and `…/userDefinedFields` of the entity picked in Entity |',
		'| Get Picklist Values | the same metadata as Get Field Info, one item per value of the picked field |',
		'| List Entities | `GET /V1.0/EntityInformation` (one item per entity) |',
		'| Get Modules | `GET /V1.0/Modules` |',
		'| Get Threshold Information | `GET /V1.0/ThresholdInformation` |',
		'| Get Version | `GET /V1.0/Version` |',
		'| Get Version Information | `GET /VersionInformation` |',
		'| Get Zone Information | `GET /V1.0/ZoneInformation?user={username}` |',
		'| Make an API Request | any method on a path under `/V1.0/`, with optional page following |',
		'',
		'Special endpoints appear as operations of their resource (Company, Invoice, Inventory Product,',
		'Resource, Time Off Request). The remaining ones are reachable with Make an API Request: ' +
			SPECIALS.filter((s) => ['authenticate'].includes(s.key))
				.map((s) => `\`${s.method} ${s.path}\``)
				.join(', ') +
			' (its purpose is not documented by Autotask).',
		'',
	];
	const metadata = new Set<string>(METADATA_OPERATIONS);
	for (const e of [...ENTITIES].sort((a, b) => a.label.localeCompare(b.label))) {
		lines.push(
			`## ${e.label}`,
			'',
			`API entity \`${e.name}\`${e.child ? `; parent \`${e.child.parent}\`` : ''}.`,
			'',
		);
		if (ACTION_ENTITIES.has(e.name)) {
			const owner = Object.entries(SPECIAL_OPERATIONS).find(([, list]) =>
				list.some((sp) => sp.covers.some((c) => c.startsWith(`${e.name}:`))),
			);
			const sp = owner?.[1].find((x) => x.covers.some((c) => c.startsWith(`${e.name}:`)));
			lines.push(
				`Not a resource of its own: an action on a record, offered as ${ENTITIES.find((x) => x.name === owner?.[0])?.label ?? owner?.[0]} › ${sp?.name}.`,
				'',
			);
			continue;
		}
		lines.push('| operation | action | HTTP |', '|---|---|---|');
		for (const r of routesFor(e).filter((x) => !metadata.has(x.verb))) {
			let http = r.verb === 'download' ? httpOf(e, { ...r, covers: ['child:get'] }) : httpOf(e, r);
			// Create or Update, Find or Create of records written through their parent query the root twin.
			const twin = /OrCreate|OrUpdate/.test(r.verb) ? queryableTwin(e) : undefined;
			if (twin && twin !== e) http = `\`POST ${rootBase(twin)}/query\`<br>${http}`;
			lines.push(`| ${VERB_NAMES[r.verb]} | ${actionName(e, r.verb)} | ${http} |`);
		}
		for (const sp of specialsFor(e)) {
			const names = ['{id}', `{${sp.second?.displayName.replace(/ /g, '') ?? ''}}`];
			let n = 0;
			const path = operationTemplate(sp.covers[0]).replace(/\{[^}]+\}/g, () => names[n++]);
			lines.push(
				`| ${sp.name} | ${specialActionName(e, sp.value, sp.name)} | \`${sp.method} ${path}\` |`,
			);
		}
		lines.push('');
	}
	return lines.join('\n');
}

if (require.main === module) {
	writeFileSync(OPERATIONS_DOC, renderOperationsDoc());
	process.stdout.write(`wrote ${OPERATIONS_DOC}\n`);
}
