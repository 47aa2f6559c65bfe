#!/usr/bin/env bash
# The one CI definition: .ci/run, .github/workflows/ci.yml and publish.yml all run this from a fresh clone.
# The install the README gives, what the end-to-end suites need, then exactly the README's `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
node --version
npm --version

# --ignore-scripts: n8n-workflow's isolated-vm would compile natively and eslint-plugin-n8n-nodes-base's
# preinstall runs `npx only-allow pnpm`; this package has no install scripts of its own.
npm ci --ignore-scripts --no-audit --no-fund
npm run build:tooling

# The catalog test compares the committed catalog with the vendor swagger, so CI must have one:
# $AUTOTASK_SWAGGER, the pinned download (.swagger/, needs the internet) or ../shared/autotask-api/.
export REQUIRE_SWAGGER=1
node .tooling/scripts/fetch-swagger.cjs || echo "swagger: not downloaded; the catalog test looks in ../shared"

# The end-to-end suites (test/e2e) run the package in real n8n. Installed once here so that install
# problems show as such: PostgreSQL, Redis and Chromium from Debian, then Node 24 and each n8n version the
# suites use from the npm registry into ~/.cache/n8n-autotask-e2e (about 6 minutes per n8n version on a new
# machine, nothing when cached).
bash scripts/n8n/install-services.sh
node .tooling/scripts/n8n/cli.cjs install
echo "setup took $(($(date +%s) - started)) s"
# .ci/run runs the setup alone and then the README's test command itself.
if [ "${CI_SETUP_ONLY:-}" = 1 ]; then exit 0; fi

npm test
echo "CI took $(($(date +%s) - started)) s"
