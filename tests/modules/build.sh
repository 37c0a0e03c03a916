#!/usr/bin/env bash
# Builds the C test modules to plain wasm (the tests pack them with MarineModulePacker and build the WAT ones
# themselves through Wasmtime). Needs the Debian packages clang lld wasi-libc libclang-rt-14-dev-wasm32.
# Usage: tests/modules/build.sh [out-dir]   (default artifacts/test-modules)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../../artifacts/test-modules}"
mkdir -p "$out"
for source in "$here"/*.c; do
  name="$(basename "$source" .c)"
  clang --target=wasm32-wasi --sysroot=/usr -O2 -mexec-model=reactor -Wl,--strip-debug -o "$out/$name.wasm" "$source"
done
