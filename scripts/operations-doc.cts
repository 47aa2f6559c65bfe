/**
 * Renders docs/operations.md from the catalog: every resource, its operations, and the HTTP call each
 * makes. `npm run docs` writes it; a test proves the committed file is current.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { CHILD_OP_HTTP, ENTITIES, ROOT_OP_HTTP, SPECIALS, rootBase } from '../nodes/Autotask/catalog';
import { routesFor, type Route } from '../nodes/Autotask/actions/operations';
import { specialsFor } from '../nodes/Autotask/actions/specials';
import { REPO } from './generate-catalog.cjs';

export const OPERATIONS_DOC = resolve(REPO, 'docs', 'operations.md');

const VERB_NAMES: Record<string, string> = {
	get: 'Get',
	getMany: 'Get Many',
	count: 'Count',
	create: 'Create',
	update: 'Update',
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
		'`GET …/query?search=`, all are listed; the node sends the first). `{parentId}` is the node\'s',
		'**Parent ID** field. Get Picklist Values reads the same metadata as Get Field Info.',
		'',
		'## API',
		'',
		'| operation | HTTP |',
		'|---|---|',
		'| Get Entity Information | `GET /V1.0/EntityInformation` (one item per entity) |',
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
	for (const e of [...ENTITIES].sort((a, b) => a.label.localeCompare(b.label))) {
		lines.push(`## ${e.label}`, '', `API entity \`${e.name}\`${e.child ? `; parent \`${e.child.parent}\`` : ''}.`, '');
		lines.push('| operation | HTTP |', '|---|---|');
		for (const r of routesFor(e)) {
			const http = r.verb === 'download' ? httpOf(e, { ...r, covers: ['child:get'] }) : r.covers.length ? httpOf(e, r) : 'metadata, as Get Field Info';
			lines.push(`| ${VERB_NAMES[r.verb]} | ${http} |`);
		}
		for (const sp of specialsFor(e)) lines.push(`| ${sp.name} | \`${sp.method} ${rootBase(e)}${sp.suffix.replace('{second}', sp.second ? `{${sp.second.displayName.replace(/ /g, '')}}` : '')}\` |`);
		lines.push('');
	}
	return lines.join('\n');
}

if (require.main === module) {
	writeFileSync(OPERATIONS_DOC, renderOperationsDoc());
	process.stdout.write(`wrote ${OPERATIONS_DOC}\n`);
}
