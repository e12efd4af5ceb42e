# Shared by the step scripts: the CLI to run, the work directory, and GitHub's output files.
# Each step script sources this; nothing here runs a command by itself.
set -euo pipefail

# How to run the CLI: the reusable workflow builds it into .orchestra/ (ORCHESTRA_CLI="node .orchestra/dist/cli.js").
ORCHESTRA_CLI="${ORCHESTRA_CLI:-orchestra}"
WORKSPACE="${WORKSPACE:-.}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set (GitHub sets it; set it to a scratch directory to run this locally)}"
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set (GitHub sets it; set it to a file to run this locally)}"
: "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set (GitHub sets it; set it to a file to run this locally)}"
WORK="$RUNNER_TEMP/orchestra"
mkdir -p "$WORK"

# Appends NAME=VALUE to the step's outputs (single-line values only).
output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }

# Appends stdin to the job summary.
summary() { cat >>"$GITHUB_STEP_SUMMARY"; }

# Runs the CLI with its arguments; ORCHESTRA_CLI may hold several words ("node dist/cli.js").
orchestra() {
  # shellcheck disable=SC2086
  $ORCHESTRA_CLI "$@"
}
