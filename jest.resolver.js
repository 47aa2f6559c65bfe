// Tooling code is .cts and imports its siblings as './x.cjs' (what tsc emits). Outside node_modules,
// point such imports at the .cts source; everything else resolves as usual.
const fs = require('node:fs');
const path = require('node:path');

module.exports = (request, options) => {
	if (
		/^\.{1,2}\/.*\.cjs$/.test(request) &&
		!options.basedir.includes(`${path.sep}node_modules${path.sep}`)
	) {
		const source = path.resolve(options.basedir, request.replace(/\.cjs$/, '.cts'));
		if (fs.existsSync(source)) return source;
	}
	return options.defaultResolver(request, options);
};
