// The registry this project installs from serves only the linux builds of unrs-resolver's native
// bindings, so npm leaves the other platforms out of package-lock.json, and `npm ci` then rejects the
// lock as incomplete. This adds those optional, platform-bound entries (never installed on linux) back.
// Run after any `npm install` that rewrites package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const platform = (name) => {
	const m = /resolver-binding-(android|darwin|freebsd|linux|openharmony|win32)-([a-z0-9]+)/.exec(
		name,
	);
	const cpu = {
		ia32: 'ia32',
		x64: 'x64',
		arm64: 'arm64',
		arm: 'arm',
		loong64: 'loong64',
		ppc64: 'ppc64',
		riscv64: 'riscv64',
		s390x: 's390x',
	}[m[2]];
	return { os: [m[1]], cpu: [cpu] };
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
	for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
		if (!dep.startsWith('@unrs/resolver-binding-')) continue;
		const at = `${key ? key + '/' : ''}node_modules/${dep}`.replace(
			/^node_modules\/unrs-resolver\/node_modules\//,
			'node_modules/',
		);
		const target = lock.packages[at] ?? lock.packages[`node_modules/${dep}`];
		if (target) continue;
		lock.packages[`node_modules/${dep}`] = { version, dev: true, optional: true, ...platform(dep) };
		added++;
	}
}
lock.packages = Object.fromEntries(
	Object.entries(lock.packages).sort(([a], [b]) =>
		a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
	),
);
writeFileSync(file, JSON.stringify(lock, null, '\t') + '\n');
console.log(`lockfile: ${added} platform entries added`);
