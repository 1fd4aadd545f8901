#!/usr/bin/env bash
# Lint api/openapi.yaml with Redocly's `recommended` rules (config: contract/redocly.yaml).
# Exit status is redocly's: non-zero on any error, zero with warnings only.
#
# Redocly CLI 2.x prints an unconditional "Node.js 20 support is ending" box on stderr under
# Node 20; there is no switch for it, so that one box is filtered out of stderr.
# Everything else on stderr passes through unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
[[ -x node_modules/.bin/redocly ]] || { echo "contract/node_modules is missing: run 'npm ci' in contract/" >&2; exit 2; }
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_NOTIFICATIONS=true REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1

filter_node_eol_box() {
  # Buffer each ╔...╚ box; drop it if it is the Node.js EOL notice, print it otherwise.
  awk '
    /╔/ { inbox = 1; buf = ""; }
    inbox { buf = buf $0 "\n"; if (/╚/) { inbox = 0; if (buf !~ /Node\.js [0-9]+ support is ending/) printf "%s", buf; else skipblank = 1 } ; next }
    skipblank && /^[[:space:]]*$/ { skipblank = 0; next }
    { skipblank = 0; print }
    END { if (inbox) printf "%s", buf }
  '
}

# stdout goes straight through (fd 3); only stderr is filtered.
{ ./node_modules/.bin/redocly lint --config redocly.yaml "${@:-../api/openapi.yaml}" 2>&1 1>&3 3>&- | filter_node_eol_box >&2; } 3>&1
