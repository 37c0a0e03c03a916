#!/usr/bin/env bash
# @fluencelabs/js-client 0.9.0 (libp2p 1.2, avm 0.62.0) and run-air.mjs: the CLI tests connect it to our peers as
# its relay (Node 20 needs node20-polyfill.mjs, loaded with `node --import`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../common.sh"
npm_component jsclient
# npm_component skips an unchanged lockfile; the scripts may change on their own, so they are always refreshed.
cp "$HERE"/*.mjs "$FLUENCE_COMPONENTS_DIR/jsclient/"
