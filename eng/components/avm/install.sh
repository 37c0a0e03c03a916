#!/usr/bin/env bash
# Installs @fluencelabs/avm 0.35.4, 0.48.0, 0.54.0 and 0.62.0 side by side (npm aliases avm-<version>), so each
# avm.wasm is at $FLUENCE_COMPONENTS_DIR/avm/node_modules/avm-<version>/dist/avm.wasm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
npm_component avm --ignore-scripts
