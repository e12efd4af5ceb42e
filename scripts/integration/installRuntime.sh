#!/usr/bin/env bash
# Installs the offline VS Code runtime for the integration tests: code-server (= VS Code 1.100.3) and
# playwright-core (drives the system Chromium). Lives in its own gitignored prefix so it never touches the
# repo's node_modules. Idempotent: exits at once when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
PREFIX=.vscode-test/runtime

installed_version() { node -p "require('./$PREFIX/node_modules/$1/package.json').version" 2>/dev/null || true; }

if [[ "$(installed_version code-server)" == "$CODE_SERVER_VERSION" && "$(installed_version playwright-core)" == "$PLAYWRIGHT_VERSION" ]] \
  && [[ -x "$PREFIX/node_modules/.bin/code-server" ]]; then
  exit 0
fi

for bin in chromium rg cc python3; do
  command -v "$bin" >/dev/null || { echo "integration runtime: '$bin' is missing (scripts/integration/systemPackages.sh installs it)" >&2; exit 1; }
done

mkdir -p "$PREFIX"
[[ -f "$PREFIX/package.json" ]] || echo '{ "name": "orchestra-integration-runtime", "private": true }' > "$PREFIX/package.json"

# @vscode/ripgrep's postinstall downloads a binary unless it finds this archive in its cache under TMPDIR:
# seed the cache with Debian's rg so the install works offline.
tmp="$(pwd)/.vscode-test/tmp"
cache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
for archive in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz; do
  if [[ ! -f "$cache/$archive" ]]; then
    stage="$(mktemp -d)"
    cp "$(command -v rg)" "$stage/rg"
    tar -czf "$cache/$archive" -C "$stage" rg
    rm -rf "$stage"
  fi
done

echo "integration runtime: installing code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_VERSION (a few minutes, once)…"
TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
  npm --prefix "$PREFIX" install --no-save --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
