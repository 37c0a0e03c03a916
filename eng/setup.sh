#!/usr/bin/env bash
# One-time, re-runnable setup of everything beyond the .NET SDK: Debian packages (clang for Wasm test modules) and the
# pinned Node components under eng/components/<name>/ (each with its own install.sh and lockfile).
# Installs into $FLUENCE_COMPONENTS_DIR (default: <repo>/.components). Safe to run again: finished steps are skipped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FLUENCE_COMPONENTS_DIR="${FLUENCE_COMPONENTS_DIR:-$ROOT/.components}"
mkdir -p "$FLUENCE_COMPONENTS_DIR"

APT_PACKAGES=(clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for installer in "$ROOT"/eng/components/*/install.sh; do
  [ -f "$installer" ] || continue
  name="$(basename "$(dirname "$installer")")"
  echo "setup: component $name"
  bash "$installer"
done
echo "setup: done (components in $FLUENCE_COMPONENTS_DIR)"
