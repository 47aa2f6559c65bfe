/** The codex files: n8n's categories, and documentation links that lead somewhere in this repository. */
import { readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');
const codexFiles = [
	'Autotask/Autotask',
	'AutotaskTrigger/AutotaskTrigger',
	'AutotaskPollTrigger/AutotaskPollTrigger',
];
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\w\- ]/g, '')
		.replace(/ /g, '-');
const readmeAnchors = new Set(
	readFileSync(join(root, 'README.md'), 'utf8')
		.split('\n')
		.filter((l) => /^#{1,6} /.test(l))
		.map((l) => slug(l.replace(/^#+ /, ''))),
);

describe.each(codexFiles)('%s.node.json', (file) => {
	const codex = JSON.parse(readFileSync(join(root, 'nodes', `${file}.node.json`), 'utf8'));

	it('names the node type of this package and n8n categories', () => {
		expect(codex.node).toBe(
			`n8n-nodes-autotask-psa.${file.split('/')[1].replace(/^./, (c) => c.toLowerCase())}`,
		);
		expect(codex.categories.length).toBeGreaterThan(0);
	});

	it('links to README sections and files that exist', () => {
		const links = [
			...codex.resources.primaryDocumentation,
			...codex.resources.credentialDocumentation,
		].map((d: { url: string }) => d.url);
		for (const url of links.filter((u: string) =>
			u.includes('github.com/n8n-nodes-autotask-psa'),
		)) {
			const anchor = /#([\w-]+)$/.exec(url)?.[1];
			if (anchor) expect({ url, found: readmeAnchors.has(anchor) }).toEqual({ url, found: true });
			const blob = /\/blob\/main\/(.+)$/.exec(url)?.[1];
			if (blob) expect(() => readFileSync(join(root, blob))).not.toThrow();
		}
	});
});

it("the credential's documentation link leads to a README section", () => {
	const { AutotaskApi } =
		require('../credentials/AutotaskApi.credentials') as typeof import('../credentials/AutotaskApi.credentials');
	const anchor = /#([\w-]+)$/.exec(new AutotaskApi().documentationUrl)?.[1];
	expect(anchor && readmeAnchors.has(anchor)).toBe(true);
});
