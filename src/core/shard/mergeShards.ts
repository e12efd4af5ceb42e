/**
 * The merge of a sharded run: every shard of one plan, none twice, none based on a file that has changed
 * since; then the tail of a normal run (combine, conflicts, type-check, follow-ups, repair, verdict) on their
 * results. Nothing is written here.
 */
import { OrchestraError } from '../errors';
import { staleFiles } from '../journal/subtaskRecord';
import { finishRun, type RunDeps } from '../pipeline';
import { withIds } from '../plan/dependencies';
import { err, ok, type Result } from '../result';
import type { RefactorResult } from '../runTypes';
import { changedSincePlan, sharesOf, type PlanFile } from './planFile';
import { fromRecords } from './records';
import { restorePlanned } from './restore';
import type { ShardFile } from './shardFile';

export interface NamedShard {
  /** How the user named it (its path), for messages. */
  where: string;
  shard: ShardFile;
}

/** The plan the shards share, or what is wrong with the set: another plan, a shard missing or given twice. */
export function checkShardSet(shards: readonly NamedShard[]): Result<PlanFile> {
  const first = shards[0];
  if (first === undefined) return err('no shard files given: orchestra merge shard-1.json shard-2.json …');
  const other = shards.find((s) => s.shard.planHash !== first.shard.planHash);
  if (other) {
    return err(
      `${other.where} is a shard of another plan than ${first.where}; merge the shards of one plan only`,
    );
  }
  const count = first.shard.shard.count;
  const odd = shards.find((s) => s.shard.shard.count !== count);
  if (odd) return err(`${odd.where} is shard ${label(odd)} but ${first.where} is shard ${label(first)}`);
  const problems: string[] = [];
  for (let index = 1; index <= count; index++) {
    const given = shards.filter((s) => s.shard.shard.index === index);
    if (given.length === 0) problems.push(`shard ${index}/${count} is missing`);
    if (given.length > 1)
      problems.push(`shard ${index}/${count} is given twice (${given.map((s) => s.where).join(', ')})`);
  }
  if (problems.length > 0) return err(`${problems.join('; ')}: merge exactly one file per shard`);
  // Each shard must hold the share every process computes from the plan, or a subtask is lost or doubled.
  const plan = first.shard.plan;
  const ids = withIds(plan.plan.subtasks).subtasks.map((s) => s.id);
  const shares = sharesOf(plan, count);
  for (const s of shards) {
    const expected = (shares[s.shard.shard.index - 1] ?? []).map((at) => ids[at]).join(',');
    const got = s.shard.records.map((r) => r.id).join(',');
    if (expected !== got) {
      return err(
        `${s.where} does not hold the subtasks of shard ${label(s)} (expected ${expected || 'none'})`,
      );
    }
  }
  return ok(plan);
}

/** `deps.config` holds the plan's settings (the whole budget); the shards' spend counts against it. */
export async function mergeShards(deps: RunDeps, shards: readonly NamedShard[]): Promise<RefactorResult> {
  const set = checkShardSet(shards);
  if (!set.ok) throw new OrchestraError('bad-input', `${set.error}.`);
  const file = set.value;
  const hashOf = (f: string): string | undefined => deps.workspace.hashOf(f);
  const stale = shards.flatMap((s) =>
    s.shard.records.flatMap((r) => staleFiles(r, hashOf).map((f) => `${s.where}: ${f} (subtask ${r.id})`)),
  );
  const planStale = changedSincePlan(file, hashOf).map((f) => `the plan: ${f}`);
  if (stale.length > 0 || planStale.length > 0) {
    throw new OrchestraError(
      'stale-file',
      `Files changed since the shards ran, so their results cannot be used: ${[...stale, ...planStale].join('; ')}. ` +
        'Merge on the commit the plan was made on, or plan and run the shards again.',
    );
  }
  const spent = [...file.usage, ...shards.flatMap((s) => s.shard.usage)];
  const planned = await restorePlanned(deps, file, spent);
  const records = shards.flatMap((s) => s.shard.records);
  return finishRun(deps, planned, {
    plan: file.plan,
    droppedFiles: file.droppedFiles,
    estimate: file.estimate,
    requests: planned.workerRequests,
    run: fromRecords(file.plan, records),
  });
}

function label(s: NamedShard): string {
  return `${s.shard.shard.index}/${s.shard.shard.count}`;
}
