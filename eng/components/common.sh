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
  # The stamp covers every shipped file and the npm flags, so an edited script or lockfile reinstalls.
  local stamp
  stamp="$( (cd "$src" && find . -maxdepth 1 -type f ! -name install.sh -print0 | sort -z | xargs -0 sha256sum; echo "$*") | sha256sum | cut -d' ' -f1)"
  if [ -f "$dst/.installed" ] && [ "$(cat "$dst/.installed")" = "$stamp" ] && [ -d "$dst/node_modules" ]; then
    return 0
  fi
  find "$src" -maxdepth 1 -type f ! -name install.sh -exec cp {} "$dst/" \;
  (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error "$@")
  echo "$stamp" > "$dst/.installed"
}
