#!/usr/bin/env bash
# Installs what n8n's queue-mode test needs from Debian's packages: PostgreSQL and Redis. Idempotent: does
# nothing when both are there. The servers are not started here; the test runs private instances
# (scripts/n8n/services.cts).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && { echo "queue-mode services: PostgreSQL and Redis already installed"; exit 0; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "queue-mode services: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "queue-mode services: installed ${missing[*]}"
