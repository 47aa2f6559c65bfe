#!/usr/bin/env bash
# Installs what the end-to-end suites need from Debian's packages: PostgreSQL and Redis for queue mode,
# Chromium for the editor test (headless, driven by playwright-core). Idempotent: does nothing when all
# are there. The servers are not started here; the test runs private instances
# (scripts/n8n/services.cts).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
[ ${#missing[@]} -eq 0 ] && { echo "e2e services: PostgreSQL, Redis and Chromium already installed"; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "e2e services: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "e2e services: installed ${missing[*]}"
