/**
 * One shard of a sharded run: its deterministic share of the plan, run through the normal dispatch (the plan
 * filtered to the share), its results kept as records. No merge, no type-check, nothing written.
 */
import { OrchestraError, throwIfCancelled } from '../errors';
import { contextFor, type RunDeps } from '../pipeline';
import { runSubtasks } from '../run/runSubtasks';
import { sharePlan, type ShardSpec } from './assign';
import { changedSincePlan, ledgerRecord, planHash, sharesOf, type PlanFile } from './planFile';
import { toRecords } from './records';
import { restorePlanned } from './restore';
import { SHARD_FILE_FORMAT, SHARD_FILE_VERSION, type ShardFile } from './shardFile';

/** `deps.config` is the shard's: the plan's settings with this shard's budget. */
export async function runShard(deps: RunDeps, file: PlanFile, spec: ShardSpec): Promise<ShardFile> {
  const changed = changedSincePlan(file, (f) => deps.workspace.hashOf(f));
  if (changed.length > 0) {
    throw new OrchestraError(
      'stale-file',
      `The plan was made on other file contents: ${changed.join(', ')} ` +
        `${changed.length === 1 ? 'differs' : 'differ'} here from when it was planned. ` +
        'Run every shard on the commit the plan was made on, or plan again (orchestra plan --out).',
    );
  }
  const planned = await restorePlanned(deps, file, []);
  const share = sharesOf(file, spec.count)[spec.index - 1] ?? [];
  const plan = sharePlan(file.plan, share);
  const ctx = contextFor(deps, planned.state);
  ctx.emit({
    type: 'stage',
    stage: 'dispatch',
    message: `Running shard ${spec.index}/${spec.count}: ${plan.subtasks.length} of ${file.plan.subtasks.length} subtasks`,
  });
  const run = await runSubtasks(ctx, plan, planned.workerRequests, {
    instruction: file.instruction,
    facts: planned.facts,
  });
  throwIfCancelled(deps.signal);
  const records = toRecords({
    plan: file.plan,
    share,
    run,
    requests: planned.workerRequests,
    ledger: planned.state.ledger,
    workspace: deps.workspace,
  });
  return {
    format: SHARD_FILE_FORMAT,
    version: SHARD_FILE_VERSION,
    planHash: planHash(file),
    shard: spec,
    budgetUsd: deps.config.budgetUsd,
    plan: file,
    records,
    usage: planned.state.ledger.entries().map(ledgerRecord),
  };
}
