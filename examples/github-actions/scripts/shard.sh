#!/usr/bin/env bash
# Step "shard" (one job of the matrix): runs shard SHARD_INDEX of SHARDS of PLAN_FILE into
# $RUNNER_TEMP/orchestra/shard-I.json; writes nothing in the workspace.
# In:  PLAN_FILE, SHARD_INDEX (the matrix value), SHARDS, BUDGET (optional: this shard's own budget).
# Out: shard-file, exit-code. Exit status: 0 when the shard file was written (also when some of its subtasks
#      did not finish: the merge reports them and judges the run), else the CLI's (stale plan 7, API error 6…).
source "$(dirname "$0")/common.sh"
: "${PLAN_FILE:?PLAN_FILE is not set}"
: "${SHARD_INDEX:?SHARD_INDEX is not set (the matrix value)}"
: "${SHARDS:?SHARDS is not set}"

out="$WORK/shard-$SHARD_INDEX.json"
args=(run "$PLAN_FILE" --shard "$SHARD_INDEX/$SHARDS" --out "$out" --cwd "$WORKSPACE")
[[ -n "${BUDGET:-}" ]] && args+=(--budget "$BUDGET")

set +e
orchestra "${args[@]}" 2>"$WORK/shard.log"
code=$?
set -e
cat "$WORK/shard.log" >&2
output exit-code "$code"
# 0 done, 4 a subtask skipped for the budget, 8 some subtask not done: the shard file is written either way.
if [[ -f "$out" && ( "$code" -eq 0 || "$code" -eq 4 || "$code" -eq 8 ) ]]; then
  output shard-file "$out"
  printf -- '- shard %s/%s: exit %s, %s\n' "$SHARD_INDEX" "$SHARDS" "$code" "$(tail -n 1 "$WORK/shard.log")" | summary
  exit 0
fi
printf -- '- shard %s/%s failed (exit %s): %s\n' "$SHARD_INDEX" "$SHARDS" "$code" "$(tail -n 1 "$WORK/shard.log")" | summary
exit "$code"
