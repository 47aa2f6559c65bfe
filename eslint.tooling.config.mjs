// ESLint for the code that is not published: tests, the sandbox, scripts, the benchmark and the root config
// files. The package's own code (nodes/, credentials/) is linted by `n8n-node lint` with n8n's strict
// community-node config in eslint.config.mjs, which n8n-node requires to stay byte for byte the template,
// so this second config lives in its own file (`npm run lint` runs both).
//
// typescript-eslint and @eslint/js come with @n8n/node-cli (they are what its config is built from), so they
// are loaded from there rather than added as dependencies of their own.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fromNodeCli = createRequire(require.resolve('@n8n/node-cli/eslint'));
const tseslint = fromNodeCli('typescript-eslint');
const js = fromNodeCli('@eslint/js');

/** Node's globals, for the plain JavaScript files (TypeScript files get them from @types/node). */
const nodeGlobals = Object.fromEntries(
	[
		'require',
		'module',
		'exports',
		'__dirname',
		'__filename',
		'process',
		'console',
		'Buffer',
		'URL',
		'setTimeout',
		'clearTimeout',
	].map((name) => [name, 'readonly']),
);

export default tseslint.config(
	// A disable comment that no longer disables anything is an error, so none is left behind.
	{ linterOptions: { reportUnusedDisableDirectives: 'error' } },
	{
		// Everything else is either n8n-node's (nodes/, credentials/, index.ts) or not code.
		ignores: [
			'dist/**',
			'.tooling/**',
			'.swagger/**',
			'.cache/**',
			'coverage/**',
			'node_modules/**',
			'nodes/**',
			'credentials/**',
			'index.ts',
			'sandbox/generated/**',
			'docs/**',
		],
	},
	{
		files: ['**/*.cts', '**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			// Unused names are already an error in tsc (noUnusedLocals); an `_` prefix marks a deliberately
			// unused parameter or destructured rest.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
			// This code reads JSON whose shape nothing declares (n8n's REST answers, executions, the sandbox's
			// records, workflow files); `any` is the honest type there, and tsc (strict) checks everything else.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{
		files: ['test/**/*.cts'],
		rules: {
			// Tests load a module afresh inside jest.isolateModules, which only works with require().
			'@typescript-eslint/no-require-imports': ['error', { allow: ['^\\.\\.?/'] }],
			// Tests strip terminal colour codes from logs and assert that no escape character reaches a log:
			// the control characters in those patterns are the point.
			'no-control-regex': 'off',
		},
	},
	{
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: nodeGlobals },
	},
);
