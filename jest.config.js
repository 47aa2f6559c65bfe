/** Jest runs the TypeScript tests in test/ straight from source (ts-jest, transpile only; tsc checks types). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.cts'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	resolver: '<rootDir>/jest.resolver.js',
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.tooling.json' }],
	},
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
	testTimeout: 60000,
};
