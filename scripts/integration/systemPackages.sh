#!/usr/bin/env bash
# The system packages the integration tests need: headless Chromium drives the workbench, code-server's
# native modules build from source (compiler, pkg-config, python3, the -dev headers) and @vscode/ripgrep is
# seeded from Debian's rg. Checked with dpkg-query (no apt when all are there); the missing ones are
# installed with apt-get when running as root, else this stops with one line saying what to run.
set -euo pipefail

PACKAGES=(chromium ripgrep build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

if ! command -v dpkg-query >/dev/null; then
  # Not a Debian-like system: the commands are what the runtime install and the tests use.
  missing=()
  for bin in chromium rg cc pkg-config python3; do
    command -v "$bin" >/dev/null || missing+=("$bin")
  done
  if ((${#missing[@]} > 0)); then
    echo "integration tests: ${missing[*]} not found on PATH; install them (on Debian/Ubuntu: apt-get install -y ${PACKAGES[*]}), then run npm test again" >&2
    exit 1
  fi
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  # `dpkg -s` also succeeds for a removed package whose config files remain; the status word does not.
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" == installed ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  echo "integration tests: installing ${missing[*]} with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

echo "integration tests: missing system packages; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}  (then npm test again)" >&2
exit 1
