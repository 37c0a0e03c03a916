#!/usr/bin/env bash
# Installs the AquaVM oracle (the real avm.wasm 0.62.0 run by a hand-written host in Node) into
# $FLUENCE_COMPONENTS_DIR/aquavm-oracle. The scripts are copied on every run so edits reach an existing install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
npm_component aquavm-oracle
cp "$ROOT"/eng/components/aquavm-oracle/*.mjs "$FLUENCE_COMPONENTS_DIR/aquavm-oracle/"
