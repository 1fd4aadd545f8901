#!/usr/bin/env bash
# Installs contract/node_modules from package-lock.json (npm ci) when it is missing or was installed
# from another lockfile. Used by make check (the contract tooling) and make test (the account pages'
# browser tests load axe-core from it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
want="$(sha256sum contract/package-lock.json | cut -d' ' -f1)"
have=""
[[ -f contract/node_modules/.lock-sha256 ]] && have="$(cat contract/node_modules/.lock-sha256)"
[[ "$want" == "$have" ]] && exit 0
command -v npm >/dev/null || { echo "npm is not installed: the contract tooling and the browser tests need Node.js and npm (apt-get install nodejs npm)" >&2; exit 1; }
(cd contract && npm ci --no-audit --no-fund --loglevel=error)
echo "$want" >contract/node_modules/.lock-sha256
