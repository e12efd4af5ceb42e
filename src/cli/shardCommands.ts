/**
 * `orchestra run PLAN --shard I/N --out FILE` (one share of a plan, its results into a shard file) and
 * `orchestra merge SHARD…` (the shards' results through the usual tail: the same output, --apply and exit
 * codes as `orchestra refactor`).
 */
import { OrchestraError } from '../core/errors';
import type { RunDeps } from '../core/pipeline';
import { formatUsage, printable } from '../core/report';
import { parseShardSpec } from '../core/shard/assign';
import { mergeShards } from '../core/shard/mergeShards';
import { parsePlanFile } from '../core/shard/planFile';
import { parseShardFile, serializeShardFile } from '../core/shard/shardFile';
import { openWorkspace } from '../core/workspace/openWorkspace';
import type { CliArgs } from './args';
import { runClient } from './clients';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';
import { progressPrinter, reportAndApply } from './runOutput';
import { outPath, plannedConfig, readJsonFile, refusePlanFlags, writeWhole } from './shardFiles';
import { runShard } from '../core/shard/runShard';
import type { RunConfig } from '../core/config';

export async function runShardCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  const [planPath, ...extra] = args.files ?? [];
  if (planPath === undefined || extra.length > 0) {
    throw new OrchestraError(
      'bad-input',
      'orchestra run takes one plan file: orchestra run plan.json --shard 1/4 --out shard-1.json.',
    );
  }
  const spec = parseShardSpec(args.shard ?? '1/1');
  if (typeof spec === 'string') throw new OrchestraError('bad-input', `Invalid option ${spec}.`);
  refusePlanFlags(args);
  const out = outPath(args, `shard-${spec.index}.json`);
  const file = readJsonFile(args, planPath, parsePlanFile);
  const config = plannedConfig(args, file.config, (c, given) => ({
    budgetUsd: given.has('budget') ? args.config.budgetUsd : c.budgetUsd / spec.count,
    ...(given.has('max-concurrency') ? { maxConcurrency: args.config.maxConcurrency } : {}),
  }));
  const deps = await depsFor(args, io, config);
  const shard = await runShard(deps, file, spec);
  writeWhole(out, serializeShardFile(shard));
  for (const r of shard.records) {
    const o = r.outcome;
    io.stderr(`${r.file}: ${o.status}${o.reason ? ` (${printable(o.reason)})` : ''}\n`);
  }
  const usage = shard.usage.length;
  io.stderr(
    `Shard ${spec.index}/${spec.count} written to ${out}: ${shard.records.length} subtasks, ${usage} calls, ` +
      `budget $${config.budgetUsd.toFixed(4)}.\n`,
  );
  const statuses = shard.records.map((r) => r.outcome.status);
  if (statuses.includes('skipped-budget')) return ExitCode.budgetExceeded;
  return statuses.every((s) => s === 'done') ? ExitCode.done : ExitCode.partial;
}

export async function mergeCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  const paths = args.files ?? [];
  if (paths.length === 0) {
    throw new OrchestraError(
      'bad-input',
      'orchestra merge needs the shard files: orchestra merge shard-*.json.',
    );
  }
  refusePlanFlags(args);
  const shards = paths.map((where) => ({ where, shard: readJsonFile(args, where, parseShardFile) }));
  const plan = shards[0]?.shard.plan;
  if (plan === undefined) throw new OrchestraError('internal', 'no shard was read');
  // The merge may tighten what the plan allowed (drop out-of-scope hunks, no follow-ups), never loosen it.
  const config = plannedConfig(args, plan.config, (c, given) => ({
    strictScope: c.strictScope || given.has('strict-scope'),
    followUps: c.followUps && !given.has('no-follow-ups'),
    // The whole run's budget (planning and the shards count against it), for the merge's repairs.
    ...(given.has('budget') ? { budgetUsd: args.config.budgetUsd } : {}),
    ...(given.has('max-concurrency') ? { maxConcurrency: args.config.maxConcurrency } : {}),
  }));
  const deps = await depsFor(args, io, config);
  const result = await mergeShards(deps, shards);
  if (result.cancelled) {
    throw new OrchestraError(
      'cancelled',
      `The merge was cancelled; nothing was written. Spent: ${formatUsage(result.usage)}.`,
    );
  }
  return reportAndApply(result, deps.workspace.root, args, io, plan.rejected);
}

async function depsFor(args: CliArgs, io: CliIo, config: RunConfig): Promise<RunDeps> {
  const client = runClient(config, args, io);
  const workspace = await openWorkspace(args.cwd, { include: config.include, exclude: config.exclude });
  return { workspace, client, config, signal: io.signal, onEvent: progressPrinter(io) };
}
