#!/usr/bin/env bash
# Sets up what the integration tests need on this machine, each step a quick no-op once done: the system
# packages (systemPackages.sh), then the offline VS Code runtimes: the minimum supported VS Code
# (installRuntime.sh) and the current one on Node 24 (installCurrentRuntime.sh). `npm run
# test:integration`, and so `npm test`, runs it first.
set -euo pipefail
here="$(dirname "$0")"
bash "$here/systemPackages.sh"
bash "$here/installRuntime.sh"
bash "$here/installCurrentRuntime.sh"
