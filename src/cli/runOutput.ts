/**
 * What `orchestra refactor` and `orchestra resume` print once the run is back, and the write with `--apply`:
 * a unified diff (or `--json`) on stdout, the outcome lines and the usage on stderr, the exit code of the verdict.
 */
import { unifiedDiff } from '../core/diff/unifiedDiff';
import { OrchestraError } from '../core/errors';
import type { PlannedRun } from '../core/pipeline';
import { formatOutcomeLines, formatUsage, printable } from '../core/report';
import type { PipelineEvent, RefactorResult } from '../core/runTypes';
import { applyAndRecord } from './applyWithRecord';
import type { CliArgs } from './args';
import { exitCodeForVerdict, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';

/** Prints the result, writes it with `--apply` (when it may be written) and gives its exit code. */
export async function reportAndApply(
  result: RefactorResult,
  root: string,
  args: CliArgs,
  io: CliIo,
  rejected: PlannedRun['rejected'],
  extra: Record<string, unknown> = {},
): Promise<ExitCodeValue> {
  if (result.cancelled) {
    const spent = `Spent so far: ${formatUsage(result.usage)}.`;
    throw new OrchestraError('cancelled', `The run was cancelled; nothing was written. ${spent}`);
  }
  printResult(result, args, io, rejected, extra);
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
  extra: Record<string, unknown>,
): void {
  if (args.json) {
    const { facts, ...rest } = result;
    // Subtasks refused at planning (outside the workspace, unknown files) are failures too; the seeds say
    // which declarations the facts were gathered for.
    const seeds = facts.seeds.map((s) => s.name);
    // The file operations at a glance (each is also a change: `movedFrom`, `deleted`).
    const moved = result.changes.flatMap((c) => (c.movedFrom ? [{ from: c.movedFrom, to: c.file }] : []));
    const deleted = result.changes.filter((c) => c.deleted === true).map((c) => c.file);
    io.stdout(JSON.stringify({ ...rest, rejected, seeds, moved, deleted, ...extra }, null, 2) + '\n');
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
