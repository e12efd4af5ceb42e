#!/usr/bin/env bash
# Step "plan": facts, plan and estimate into $RUNNER_TEMP/orchestra/plan.json; no worker runs.
# In:  INSTRUCTION, SHARDS (N), BUDGET (optional, USD for the whole run), ORCHESTRA_ARGS (optional, more flags).
# Out: plan-file, matrix (JSON list 1..N for the shard jobs, [] when there is nothing to change), subtasks,
#      exit-code. Exit status: 0 also for "nothing to change" (the matrix is then empty), else the CLI's.
source "$(dirname "$0")/common.sh"
: "${INSTRUCTION:?INSTRUCTION is not set}"
SHARDS="${SHARDS:-4}"
[[ "$SHARDS" =~ ^[1-9][0-9]*$ ]] || { echo "SHARDS must be a positive whole number, not \"$SHARDS\"" >&2; exit 2; }

args=(plan "$INSTRUCTION" --cwd "$WORKSPACE" --out "$WORK/plan.json" --json)
[[ -n "${BUDGET:-}" ]] && args+=(--budget "$BUDGET")
# shellcheck disable=SC2206
[[ -n "${ORCHESTRA_ARGS:-}" ]] && args+=($ORCHESTRA_ARGS)

set +e
orchestra "${args[@]}" >"$WORK/plan-result.json" 2>"$WORK/plan.log"
code=$?
set -e
cat "$WORK/plan.log" >&2
output exit-code "$code"

if [[ "$code" -eq 3 ]]; then
  output matrix '[]'
  output subtasks 0
  printf '### Orchestra plan\n\nNothing to change: the plan has no subtasks.\n' | summary
  exit 0
fi
if [[ "$code" -ne 0 ]]; then
  { printf '### Orchestra plan failed (exit %s)\n\n```\n' "$code"; tail -n 20 "$WORK/plan.log"; printf '```\n'; } | summary
  exit "$code"
fi

subtasks=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).subtasks)' "$WORK/plan-result.json")
matrix=$(node -e 'console.log(JSON.stringify(Array.from({ length: Number(process.argv[1]) }, (_, i) => i + 1)))' "$SHARDS")
output plan-file "$WORK/plan.json"
output matrix "$matrix"
output subtasks "$subtasks"
{
  printf '### Orchestra plan\n\n%s subtasks in %s shards.\n\n```\n' "$subtasks" "$SHARDS"
  grep -v '^»' "$WORK/plan.log"
  printf '```\n'
} | summary
