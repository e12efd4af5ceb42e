/** `orchestra refactor`: plan, run, print a unified diff; write only with --apply. */
import { OrchestraError } from '../core/errors';
import { unifiedDiff } from '../core/diff/unifiedDiff';
import { executeRun, planRun, type PlannedRun, type RunDeps } from '../core/pipeline';
import { formatOutcomeLines, formatPlan, formatUsage, printable } from '../core/report';
import type { PipelineEvent, RefactorResult } from '../core/runTypes';
import { openWorkspace } from '../core/workspace/openWorkspace';
import { applyAndRecord } from './applyWithRecord';
import type { CliArgs } from './args';
import { runClient } from './clients';
import { ExitCode, exitCodeForVerdict, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';

export async function refactorCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  if (!args.instruction.trim()) {
    throw new OrchestraError(
      'bad-input',
      'The instruction is empty: orchestra refactor "rename `UserId` to `AccountId`".',
    );
  }
  // Keys are checked before the workspace is opened: a missing one fails fast.
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
  const planned = await planRun(deps, {
    instruction: args.instruction,
    seed: args.symbol ? { name: args.symbol } : undefined,
  });
  io.stderr(formatPlan(planned) + '\n');
  if (planned.plan.subtasks.length === 0) {
    if (args.json)
      io.stdout(
        JSON.stringify(
          {
            plan: planned.plan,
            rejected: planned.rejected,
            changes: [],
            usage: planned.state.ledger.summary(),
          },
          null,
          2,
        ) + '\n',
      );
    io.stderr(`Nothing to change. ${formatUsage(planned.state.ledger.summary())}\n`);
    return ExitCode.nothingToChange;
  }
  const result = await executeRun(deps, planned);
  if (result.cancelled) {
    const spent = `Spent so far: ${formatUsage(result.usage)}.`;
    throw new OrchestraError('cancelled', `The run was cancelled; nothing was written. ${spent}`);
  }
  return reportResult(result, args, io, workspace.root, planned.rejected);
}

/** A finished run's output (diff or --json, outcomes, usage), its --apply, and its exit code. */
export async function reportResult(
  result: RefactorResult,
  args: CliArgs,
  io: CliIo,
  root: string,
  rejected: PlannedRun['rejected'],
): Promise<ExitCodeValue> {
  printResult(result, args, io, rejected);
  const code = exitCodeForVerdict(result.verdict);
  if (result.changes.length === 0) return code;
  const errors = result.diagnostics.introduced.length;
  if (!args.apply) {
    const how =
      errors > 0 ? '--apply --allow-type-errors would write them despite the new type errors' : 'use --apply';
    io.stderr(`Dry run: nothing written (${how}).\n`);
  } else if (errors > 0 && !args.allowTypeErrors) {
    io.stderr(
      `Not written: the result has ${errors} new type error${errors === 1 ? '' : 's'} (listed above); ` +
        'fix the instruction or the code and run again, or pass --allow-type-errors to write it anyway.\n',
    );
  } else {
    const report = await applyAndRecord(root, result.changes, result.instruction, io);
    const moved = report.moved.map((m) => `${m.from} → ${m.to}`);
    const deleted = report.deleted.map((f) => `${f} (deleted)`);
    const written = report.written.filter((f) => !report.moved.some((m) => m.to === f));
    io.stderr(`Applied: ${[...written, ...moved, ...deleted].join(', ')}\n`);
  }
  return code;
}

function printResult(
  result: RefactorResult,
  args: CliArgs,
  io: CliIo,
  rejected: PlannedRun['rejected'],
): void {
  if (args.json) {
    const { facts, ...rest } = result;
    // Subtasks refused at planning (outside the workspace, unknown files) are failures too; the seeds say
    // which declarations the facts were gathered for.
    const seeds = facts.seeds.map((s) => s.name);
    // The file operations at a glance (each is also a change: `movedFrom`, `deleted`).
    const moved = result.changes.flatMap((c) => (c.movedFrom ? [{ from: c.movedFrom, to: c.file }] : []));
    const deleted = result.changes.filter((c) => c.deleted === true).map((c) => c.file);
    io.stdout(JSON.stringify({ ...rest, rejected, seeds, moved, deleted }, null, 2) + '\n');
  } else {
    io.stdout(unifiedDiff(result.changes));
  }
  for (const line of formatOutcomeLines(result)) io.stderr(`${line}\n`);
  for (const c of result.conflicts) io.stderr(`conflict: ${c.file}: ${c.message}\n`);
  if (result.costAlert) io.stderr(`cost alert: ${result.costAlert}\n`);
  io.stderr(`Usage: ${formatUsage(result.usage)} (estimate ${result.estimate.totalUsd.toFixed(4)})\n`);
}

export function progressPrinter(io: CliIo): (e: PipelineEvent) => void {
  return (e) => {
    if (e.type === 'stage') io.stderr(`» ${e.message}\n`);
    else if (e.type === 'subtask' && e.status !== 'started')
      io.stderr(`  ${e.file}: ${e.status}${e.detail ? ` (${printable(e.detail)})` : ''}\n`);
    else if (e.type === 'log' && e.level !== 'debug') io.stderr(`  ${e.level}: ${printable(e.message)}\n`);
  };
}
