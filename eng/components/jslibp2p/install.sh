#!/usr/bin/env bash
# js-libp2p 3.x interop peer (peer.mjs): the libp2p plugin's interop tests start it on free 127.0.0.1 ports.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../common.sh"
npm_component jslibp2p
# npm_component skips an unchanged lockfile; the scripts may change on their own, so they are always refreshed.
cp "$HERE"/*.mjs "$FLUENCE_COMPONENTS_DIR/jslibp2p/"
