/** `orchestra plan "<instruction>" --out plan.json`: facts, plan and estimate into a plan file; no worker runs. */
import { OrchestraError } from '../core/errors';
import { planRun, type RunDeps } from '../core/pipeline';
import { formatPlan, formatUsage } from '../core/report';
import { overTokenBudget } from '../core/run/runMessages';
import { deterministicTouches } from '../core/shard/touched';
import { buildPlanFile, planHash, serializePlanFile } from '../core/shard/planFile';
import { subtaskWeights } from '../core/shard/weights';
import { openWorkspace } from '../core/workspace/openWorkspace';
import type { CliArgs } from './args';
import { runClient } from './clients';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';
import { progressPrinter } from './runOutput';
import { outPath, writeWhole } from './shardFiles';

export async function planCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  const instruction = (args.files ?? []).join(' ');
  if (!instruction.trim()) {
    throw new OrchestraError(
      'bad-input',
      'The instruction is empty: orchestra plan "rename `UserId` to `AccountId`" --out plan.json.',
    );
  }
  const out = outPath(args, 'plan.json');
  const client = runClient(args.config, args, io);
  const workspace = await openWorkspace(args.cwd, {
    include: args.config.include,
    exclude: args.config.exclude,
  });
  const deps: RunDeps = {
    workspace,
    client,
    config: args.config,
    signal: io.signal,
    onEvent: progressPrinter(io),
  };
  const seed = args.symbol ? { name: args.symbol } : undefined;
  const planned = await planRun(deps, { instruction, seed });
  io.stderr(formatPlan(planned) + '\n');
  const usage = planned.state.ledger.summary();
  if (planned.plan.subtasks.length === 0) {
    io.stderr(`Nothing to change; no plan file written. ${formatUsage(usage)}\n`);
    return ExitCode.nothingToChange;
  }
  const { estimate } = planned;
  // The shards' budgets are shares of this one: a plan that cannot fit it would fail in every shard.
  if (estimate.workersUsd > planned.state.budget.remainingUsd()) {
    throw new OrchestraError(
      'budget-exceeded',
      `the plan is estimated at $${estimate.totalUsd.toFixed(4)} but the budget is $${args.config.budgetUsd.toFixed(2)}; ` +
        'raise --budget or narrow the instruction. No plan file written.',
    );
  }
  const tokens = overTokenBudget(estimate, planned.state.budget.remainingTokens());
  if (tokens !== undefined) throw new OrchestraError('budget-exceeded', `${tokens}. No plan file written.`);
  const touched = await deterministicTouches(deps, planned);
  const file = buildPlanFile(
    {
      instruction: planned.request.instruction,
      seed,
      plan: planned.plan,
      droppedFiles: planned.droppedFiles,
      rejected: planned.rejected,
      estimate,
      config: args.config,
      usage: planned.state.ledger.entries(),
      touched,
      weights: subtaskWeights(planned.plan, planned.workerRequests),
    },
    workspace,
  );
  writeWhole(out, serializePlanFile(file));
  const hash = planHash(file);
  if (args.json) {
    io.stdout(
      JSON.stringify(
        {
          out,
          planHash: hash,
          subtasks: file.plan.subtasks.length,
          estimate,
          usage,
          ...(planned.groups ? { groups: planned.groups } : {}),
        },
        null,
        2,
      ) + '\n',
    );
  }
  io.stderr(
    `Plan written to ${out} (${file.plan.subtasks.length} subtasks, plan ${hash.slice(0, 12)}). ${formatUsage(usage)}\n`,
  );
  return ExitCode.done;
}
