/**
 * The shape a newcomer can read: no shipped source file over 300 lines (the generated catalog aside) and
 * no function over 60 lines, measured on the TypeScript syntax tree of every file in nodes/ and credentials/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
		const rel = path.join(dir, d.name);
		if (d.isDirectory()) return sourceFiles(rel);
		return d.name.endsWith('.ts') && !d.name.endsWith('.generated.ts') ? [rel] : [];
	});
}

const FILES = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

/** Functions (declarations, methods, arrows, function expressions) longer than the limit, as "file:line name (N lines)". */
function longFunctions(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const lines = end - start + 1;
			if (lines > MAX_FUNCTION_LINES) {
				const name = (node as ts.FunctionLikeDeclaration).name?.getText(source) ?? '(anonymous)';
				found.push(`${file}:${start + 1} ${name} (${lines} lines)`);
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('the shipped code keeps a readable shape', () => {
	it('has source files to check', () => {
		expect(FILES.length).toBeGreaterThan(20);
	});

	it(`has no file over ${MAX_FILE_LINES} lines (the generated catalog aside)`, () => {
		const long = FILES.map((f) => ({
			f,
			n: fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length,
		})).filter((x) => x.n > MAX_FILE_LINES);
		expect(long.map((x) => `${x.f} (${x.n} lines)`)).toEqual([]);
	});

	it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
		expect(FILES.flatMap(longFunctions)).toEqual([]);
	});
});
