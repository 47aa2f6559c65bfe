/**
 * The committed catalog is what the generator makes from the vendor swagger, and it accounts for every
 * one of the swagger's method+path pairs exactly once.
 */
import { readFileSync } from 'node:fs';

import { ENTITIES, SPECIALS, findEntity, listOperations } from '../nodes/Autotask/catalog';
import {
	buildCatalog,
	renderCatalogModule,
	renderModels,
	type Swagger,
} from '../scripts/catalog-builder.cjs';
import { CATALOG_FILE, MODELS_FILE } from '../scripts/generate-catalog.cjs';
import { OPERATIONS_DOC, renderOperationsDoc } from '../scripts/operations-doc.cjs';
import { findSwagger } from '../scripts/swagger.cjs';

// The swagger is not in the repository: $AUTOTASK_SWAGGER, .swagger/swagger.json (`npm run swagger`) or
// ../shared/autotask-api/swagger.json. Without any, the swagger comparisons are skipped, unless
// REQUIRE_SWAGGER is set (CI), where a missing swagger fails.
const swaggerFile = findSwagger();
if (!swaggerFile && process.env.REQUIRE_SWAGGER)
	it('finds the vendor swagger (REQUIRE_SWAGGER is set)', () => {
		throw new Error('no swagger: run `npm run swagger`, or set AUTOTASK_SWAGGER to its path');
	});
if (!swaggerFile) process.stdout.write('catalog: no vendor swagger, swagger comparisons skipped\n');
const describeWithSwagger = swaggerFile ? describe : describe.skip;

describeWithSwagger('catalog against the vendor swagger', () => {
	const swagger = swaggerFile
		? (JSON.parse(readFileSync(swaggerFile, 'utf8')) as Swagger)
		: undefined;
	const built = swagger ? buildCatalog(swagger) : undefined;

	it('the committed files equal the generator output (run `npm run catalog` when this fails)', () => {
		expect(readFileSync(CATALOG_FILE, 'utf8')).toBe(renderCatalogModule(built!));
		expect(readFileSync(MODELS_FILE, 'utf8')).toBe(renderModels(built!));
	});

	it('maps every swagger method+path pair to exactly one catalog operation', () => {
		const pairs: string[] = [];
		for (const [path, methods] of Object.entries(swagger!.paths)) {
			for (const m of Object.keys(methods)) pairs.push(`${m.toUpperCase()} ${path}`);
		}
		const catalogCount = new Map<string, number>();
		for (const op of listOperations()) {
			const k = `${op.method} ${op.path}`;
			catalogCount.set(k, (catalogCount.get(k) ?? 0) + 1);
		}
		const missing = pairs.filter((p) => !catalogCount.has(p));
		const doubled = [...catalogCount].filter(([, n]) => n > 1).map(([k]) => k);
		const extra = [...catalogCount.keys()].filter((k) => !pairs.includes(k));
		const accounted = pairs.length - missing.length;
		process.stdout.write(
			`catalog: ${accounted} of ${pairs.length} method+path pairs accounted for\n`,
		);
		expect(built!.unclassified).toEqual([]);
		expect(missing).toEqual([]);
		expect(doubled).toEqual([]);
		expect(extra).toEqual([]);
		expect(pairs).toHaveLength(3009);
		expect(accounted).toBe(3009);
	});

	it('has one catalog entity per swagger entity tag (233)', () => {
		const tags = new Set<string>();
		for (const methods of Object.values(swagger!.paths)) {
			for (const op of Object.values(methods)) {
				const tag = (op.tags ?? [])[0]?.replace(/Child$/, '');
				if (tag) tags.add(tag);
			}
		}
		const entityTags = [...tags].filter((t) => ENTITIES.some((e) => e.name === t));
		expect(ENTITIES).toHaveLength(233);
		expect(entityTags).toHaveLength(233);
		expect(SPECIALS).toHaveLength(16);
	});
});

describe('catalog shape', () => {
	it('gives every entity a unique singular label and resource value', () => {
		const labels = new Set(ENTITIES.map((e) => e.label));
		const values = new Set(ENTITIES.map((e) => e.value));
		expect(labels.size).toBe(ENTITIES.length);
		expect(values.size).toBe(ENTITIES.length);
		expect(findEntity('Companies')?.label).toBe('Company');
		expect(findEntity('ticketNote')?.name).toBe('TicketNotes');
		expect(findEntity('CompanyContacts')?.label).toBe('Company Contact');
	});

	it('knows the parent paths that peers got wrong', () => {
		// Notes are written under their ticket, contacts under their company (the swagger's only write paths).
		expect(findEntity('TicketNotes')!.child).toMatchObject({
			parent: 'Tickets',
			segment: 'Notes',
			parentIdField: 'ticketID',
		});
		expect(findEntity('TicketNotes')!.root).not.toContain('create');
		expect(findEntity('CompanyContacts')!.child).toMatchObject({
			parent: 'Companies',
			segment: 'Contacts',
			parentIdField: 'companyID',
		});
		expect(findEntity('Contacts')!.root).toEqual(expect.not.arrayContaining(['create', 'update']));
		expect(findEntity('CompanyAlerts')!.child!.ops).toEqual(
			expect.arrayContaining(['create', 'update', 'delete']),
		);
		expect(findEntity('TimeEntries')!.child).toBeUndefined();
		expect(findEntity('Tickets')!.root).not.toContain('delete');
		expect(findEntity('OrganizationalLevel1')!.path).toBe('OrganizationalLevel1s');
		expect(findEntity('TimeOffRequestsApprove')!.child!.ops).toContain('action');
		expect(findEntity('ResourceTimeOffBalances')!.child!.ops).toContain('getByYear');
	});

	it('marks the attachment entities, each uploadable and deletable through its parent', () => {
		const attachments = ENTITIES.filter((e) => e.attachment);
		expect(attachments.map((e) => e.name)).toContain('TicketAttachments');
		expect(attachments.length).toBe(19);
		for (const a of attachments)
			expect(a.child!.ops).toEqual(expect.arrayContaining(['list', 'get', 'create', 'delete']));
	});
});

describe('docs/operations.md', () => {
	it('is what `npm run docs` renders from the catalog', () => {
		expect(readFileSync(OPERATIONS_DOC, 'utf8')).toBe(renderOperationsDoc());
	});
});
