#!/usr/bin/env bash
# Step "merge": merges every shard file in SHARD_DIR, type-checks, and with APPLY=true writes the result into
# the workspace (the next step opens the pull request). Appends the cost report to the job summary and
# writes the pull request's body to $RUNNER_TEMP/orchestra/pr-body.md.
# In:  SHARD_DIR, APPLY (true/false), ORCHESTRA_ARGS (optional: --strict-scope, --no-follow-ups, --allow-type-errors).
# Out: exit-code, verdict, changed (files written or proposed), cost-usd, pr-body.
# Exit status: the CLI's, so a partial result (8) or one with new type errors (9) fails the job and opens no
# pull request.
source "$(dirname "$0")/common.sh"
: "${SHARD_DIR:?SHARD_DIR is not set (where the shard artifacts were downloaded)}"

shopt -s nullglob
shards=("$SHARD_DIR"/shard-*.json)
shopt -u nullglob
if [[ ${#shards[@]} -eq 0 ]]; then
  echo "no shard files in $SHARD_DIR" >&2
  output exit-code 2
  exit 2
fi

args=(merge "${shards[@]}" --cwd "$WORKSPACE" --json)
[[ "${APPLY:-false}" == "true" ]] && args+=(--apply)
# shellcheck disable=SC2206
[[ -n "${ORCHESTRA_ARGS:-}" ]] && args+=($ORCHESTRA_ARGS)

set +e
orchestra "${args[@]}" >"$WORK/result.json" 2>"$WORK/merge.log"
code=$?
set -e
cat "$WORK/merge.log" >&2
output exit-code "$code"

if [[ ! -s "$WORK/result.json" ]]; then
  { printf '### Orchestra merge failed (exit %s)\n\n```\n' "$code"; tail -n 20 "$WORK/merge.log"; printf '```\n'; } | summary
  exit "$code"
fi

# The report: verdict, usage and cost against the estimate, one row per subtask.
node "$(dirname "$0")/report.mjs" "$WORK/result.json" "$code" >"$WORK/pr-body.md"
summary <"$WORK/pr-body.md"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`verdict=${r.verdict.kind}`);
  console.log(`changed=${r.changes.map((c) => c.file).join(" ")}`);
  console.log(`cost-usd=${r.usage.costUsd}`);
' "$WORK/result.json" >>"$GITHUB_OUTPUT"
output pr-body "$WORK/pr-body.md"
exit "$code"
