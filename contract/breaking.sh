#!/usr/bin/env bash
# Breaking-change check of api/openapi.yaml with oasdiff (built from the Go module proxy).
#
# Which two versions are compared (the revision is always the working-tree api/openapi.yaml):
#   BASE_REF=<ref>  set:   the spec at <ref> (e.g. BASE_REF=origin/main, BASE_REF=HEAD~3).
#   spec uncommitted:      the spec at HEAD, so a developer sees what their edit breaks before
#                          committing it.
#   working tree clean:    the spec just before the last commit that changed it, i.e.
#                          `git log -1 -- api/openapi.yaml`'s parent. When HEAD itself changed the
#                          spec that is HEAD~1. This is the CI case: a fresh clone equals HEAD, so
#                          comparing with HEAD would always pass. Using the last spec-changing commit
#                          rather than plain HEAD~1 means a spec change is still checked when a later
#                          commit (code, docs) lands on top of it in the same submission, and the
#                          verdict for a given change never depends on what landed after it.
#                          (An earlier spec change in the same submission is not re-checked: give
#                          BASE_REF for that.)
# No base version (no such ref, a root commit, or the base lacks the file): a note, exit 0.
#
# Intended breaking changes: a commit in the compared range whose message has a trailer line
#   API-Breaking: <why>
# (or ALLOW_BREAKING=1 in the environment) turns the failure into a printed report. The API is
# a drop-in successor of an existing service, so such a change should be deliberate and explained.
#
# Output: one line when there is no breaking change or an intended one (VERBOSE=1 lists an
# intended one's changes); every finding when a break is not explained.
# Exit: 0 no breaking change (or allowed), 1 breaking changes at level ERR, other: tool failure.
set -euo pipefail

OASDIFF_VERSION="${OASDIFF_VERSION:-v1.36.0}"
SPEC=api/openapi.yaml

root="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
cd "$root"

note() { echo "breaking.sh: $*"; }

if [[ ! -f "$SPEC" ]]; then
  note "$SPEC does not exist in the working tree; nothing to check."
  exit 0
fi

if ! git rev-parse --verify --quiet HEAD >/dev/null; then
  note "no commit yet; nothing to compare $SPEC with."
  exit 0
fi

if [[ -n "${BASE_REF:-}" ]]; then
  base_ref="$BASE_REF"
  why="BASE_REF"
elif ! git diff --quiet HEAD -- "$SPEC" 2>/dev/null || ! git cat-file -e "HEAD:$SPEC" 2>/dev/null; then
  base_ref=HEAD
  why="uncommitted change to $SPEC"
else
  last_change="$(git log -1 --format=%H HEAD -- "$SPEC")"
  if [[ -z "$last_change" ]] || ! git rev-parse --verify --quiet "${last_change}^" >/dev/null; then
    note "$SPEC was added by the first commit (${last_change:0:12}); no previous version to compare with."
    exit 0
  fi
  base_ref="${last_change:0:12}^"
  why="last commit that changed $SPEC: $(git log -1 --format='%h %s' "$last_change")"
fi

if ! base_commit="$(git rev-parse --verify --quiet "${base_ref}^{commit}")"; then
  note "base ref '$base_ref' does not exist here (shallow clone?); skipping."
  exit 0
fi
if ! git cat-file -e "$base_commit:$SPEC" 2>/dev/null; then
  note "$SPEC does not exist at $base_ref (${base_commit:0:12}); no previous version to compare with."
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git show "$base_commit:$SPEC" >"$tmp/base.yaml"
cp "$SPEC" "$tmp/rev.yaml"

note "comparing $SPEC (working tree) with $base_ref = ${base_commit:0:12} ($why)"
if cmp -s "$tmp/base.yaml" "$tmp/rev.yaml"; then
  note "identical; no breaking change."
  exit 0
fi

# Run from the temp dir: `go run pkg@version` ignores go.mod, and oasdiff picks up no .oasdiff.*
# config by accident. The first run downloads and compiles oasdiff (about a minute on 2 cores);
# Go caches the binary, so later runs start in well under a second. On a non-zero exit `go run`
# adds an "exit status 1" line of its own on stderr.
set +e
(cd "$tmp" && go run "github.com/oasdiff/oasdiff@${OASDIFF_VERSION}" breaking base.yaml rev.yaml \
  --fail-on ERR --color never) >"$tmp/report" 2>&1
rc=$?
set -e
# oasdiff's first line counts the changes ("N changes: A error, B warning, C info").
summary="$(grep -m1 -E '^[0-9]+ changes?:' "$tmp/report" || true)"

if [[ $rc -eq 1 ]]; then
  range="$base_commit..HEAD"
  allowed_by=""
  if [[ "${ALLOW_BREAKING:-}" == 1 ]]; then
    allowed_by="ALLOW_BREAKING=1"
  elif git log --format=%B "$range" | grep -qiE '^API-Breaking:[[:space:]]*[^[:space:]]'; then
    allowed_by="an 'API-Breaking:' trailer in $range"
  fi
  if [[ -n "$allowed_by" ]]; then
    # An intended break is reported as such: the reason and the count, not every line
    # (VERBOSE=1 lists them).
    note "intended breaking change, allowed by $allowed_by: ${summary:-see VERBOSE=1}"
    git log --format=%B "$range" | grep -iE '^API-Breaking:' | sed 's/^/  /' || true
    [[ "${VERBOSE:-}" == 1 ]] && sed -n '/^[[:space:]]*$/!p' "$tmp/report" | grep -v '^exit status' || true
    exit 0
  fi
  grep -v '^exit status' "$tmp/report"
  note "breaking changes in $SPEC against $base_ref. Make the change compatible, or if it is intended,"
  note "explain it with an 'API-Breaking: <why>' trailer in the commit message."
  exit 1
fi
if [[ $rc -ne 0 ]]; then
  cat "$tmp/report"
  exit "$rc"
fi
note "no breaking change${summary:+ ($summary)}."
