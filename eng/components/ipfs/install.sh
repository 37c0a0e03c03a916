#!/usr/bin/env bash
# js-ipfs 0.66.1: the IPFS daemon the storage tests run against (Kubo RPC API on 127.0.0.1).
# Optional deps and install scripts are off: they would download binaries from outside the registries.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
npm_component ipfs --omit=optional --ignore-scripts
