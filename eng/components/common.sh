# Sourced by eng/components/*/install.sh and start scripts.
# FLUENCE_COMPONENTS_DIR: where components are installed (default <repo>/.components).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLUENCE_COMPONENTS_DIR="${FLUENCE_COMPONENTS_DIR:-$ROOT/.components}"
mkdir -p "$FLUENCE_COMPONENTS_DIR"

# npm_component <name> [npm ci flags…]: installs eng/components/<name>/{package.json,package-lock.json} into
# $FLUENCE_COMPONENTS_DIR/<name> with npm ci, unless the same lockfile is installed already.
npm_component() {
  local name="$1"; shift
  local src="$ROOT/eng/components/$name" dst="$FLUENCE_COMPONENTS_DIR/$name"
  mkdir -p "$dst"
  if [ -f "$dst/.installed" ] && cmp -s "$src/package-lock.json" "$dst/.installed"; then
    return 0
  fi
  find "$src" -maxdepth 1 -type f ! -name install.sh -exec cp {} "$dst/" \;
  (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error "$@")
  cp "$src/package-lock.json" "$dst/.installed"
}
