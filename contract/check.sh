#!/usr/bin/env bash
# `make check`: every contract and code-quality gate CI runs besides the tests. Each step prints
# one line (ok/FAIL and its time); only a failing step's output is shown. Works on a fresh clone:
# contract/node_modules is installed from package-lock.json (npm ci) when missing or stale.
# Exit: 0 when every step passed, 1 otherwise (all steps run, so one run lists every failure).
set -uo pipefail
root="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$root"
GO="${GO:-go}"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_NOTIFICATIONS=true NO_COLOR=1 FORCE_COLOR=0 npm_config_update_notifier=false
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT
failed=()

step() { # step NAME COMMAND...
  local name="$1"; shift
  local start=$SECONDS out="$log/$(echo "$name" | tr -c 'a-zA-Z0-9' _)"
  if "$@" >"$out" 2>&1; then
    printf 'ok    %-44s %3ds\n' "$name" $((SECONDS - start))
  else
    printf 'FAIL  %-44s %3ds\n' "$name" $((SECONDS - start))
    sed 's/^/      /' "$out" | tail -n 60
    failed+=("$name")
  fi
}

npm_deps() { bash contract/npm-deps.sh; }

gen_fresh() {
  make --no-print-directory generate >/dev/null || return 1
  git diff --exit-code --stat -- gen/ || { echo "gen/ is stale: run make generate and commit"; return 1; }
  local untracked
  untracked="$(git status --porcelain --untracked-files=all -- gen/)"
  [[ -z "$untracked" ]] || { echo "$untracked"; echo "gen/ has uncommitted files: run make generate and commit"; return 1; }
}

gofmt_clean() {
  local files
  files="$(gofmt -l $(git ls-files '*.go' | grep -v '^gen/'))"
  [[ -z "$files" ]] || { echo "gofmt needed:"; echo "$files"; return 1; }
}

redocly_clean() { # errors fail redocly itself; warnings fail here
  (cd contract && bash lint.sh) >"$log/redocly.out" 2>&1
  local rc=$?
  cat "$log/redocly.out"
  [[ $rc -eq 0 ]] || return 1
  ! grep -qE 'You have [0-9]+ warnings?' "$log/redocly.out"
}

npm_run() { (cd contract && npm run --silent "$@"); }

step "npm dependencies (npm ci from the lockfile)" npm_deps
step "generated code up to date (make generate)" gen_fresh
step "go vet" "$GO" vet ./...
step "gofmt" gofmt_clean
step "YAML 1.2 strict: npm yaml" npm_run yaml
step "YAML 1.2 strict: go.yaml.in/yaml/v4" "$GO" test ./api/ -count=1 -run 'TestSpecIsStrictYAML12|TestToJSON'
step "Redocly lint (recommended)" redocly_clean
step "Spectral lint (spectral:oas)" npm_run lint:spectral
step "openapi-typescript + openapi-fetch, tsc --strict" npm_run client:openapi-fetch
step "orval fetch client, tsc --strict" npm_run client:orval
step "@hey-api/openapi-ts, tsc --strict" npm_run client:hey-api
step "breaking changes (oasdiff)" bash contract/breaking.sh

if ((${#failed[@]})); then
  echo "make check: ${#failed[@]} step(s) failed: ${failed[*]}"
  exit 1
fi
echo "make check: all steps passed"
