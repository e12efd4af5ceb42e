/** `orchestra refactor`: plan, run, print a unified diff; write only with --apply. */
import { OrchestraError } from '../core/errors';
import { unifiedDiff } from '../core/diff/unifiedDiff';
import { createAnthropicClient } from '../core/llm/anthropicClient';
import { executeRun, planRun, type PlannedRun, type RunDeps } from '../core/pipeline';
import { formatPlan, formatUsage, formatRunReport, printable } from '../core/report';
import type { PipelineEvent, RefactorResult } from '../core/runTypes';
import { openWorkspace } from '../core/workspace/openWorkspace';
import { applyAndRecord } from './applyWithRecord';
import type { CliArgs } from './args';
import { ExitCode, exitCodeFor, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';

export async function refactorCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  if (!args.instruction.trim()) {
    throw new OrchestraError(
      'bad-input',
      'The instruction is empty: orchestra refactor "rename `UserId` to `AccountId`".',
    );
  }
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey)
    throw new OrchestraError('auth', 'No API key: set ANTHROPIC_API_KEY to your Anthropic API key.');
  const workspace = await openWorkspace(args.cwd, {
    include: args.config.include,
    exclude: args.config.exclude,
  });
  const client = createAnthropicClient({
    apiKey,
    baseURL: io.env.ANTHROPIC_BASE_URL || undefined,
    timeoutMs: args.config.timeoutMs,
    maxRetries: args.config.maxRetries,
    log: (level, message) => io.stderr(`[${level}] ${message}\n`),
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
  printResult(result, args, io, planned.rejected);
  if (result.changes.length === 0) return noChangeExit(result);
  if (args.apply) {
    const report = await applyAndRecord(workspace.root, result.changes, result.instruction, io);
    io.stderr(`Applied: ${report.written.join(', ')}\n`);
  } else {
    io.stderr('Dry run: nothing written (use --apply to write these changes).\n');
  }
  return result.outcomes.some((o) => o.status !== 'done' && o.status !== 'unchanged')
    ? ExitCode.partial
    : ExitCode.done;
}

/**
 * No change came out. If every subtask failed or was skipped, say why in the exit code: the budget, one API
 * error shared by all (overloaded, auth…), else invalid model output. Otherwise there was nothing to change.
 */
function noChangeExit(result: RefactorResult): ExitCodeValue {
  const bad = result.outcomes.filter((o) => o.status !== 'done' && o.status !== 'unchanged');
  if (bad.length === 0 || bad.length < result.outcomes.length) return ExitCode.nothingToChange;
  if (bad.some((o) => o.status === 'skipped-budget')) return ExitCode.budgetExceeded;
  const reasons = new Set(bad.map((o) => o.errorReason));
  const [only] = reasons;
  return reasons.size === 1 && only !== undefined ? exitCodeFor(only) : ExitCode.invalidModelOutput;
}

function printResult(
  result: RefactorResult,
  args: CliArgs,
  io: CliIo,
  rejected: PlannedRun['rejected'],
): void {
  if (args.json) {
    const { facts: _facts, ...rest } = result;
    void _facts;
    // Subtasks refused at planning (outside the workspace, unknown files) are failures too.
    io.stdout(JSON.stringify({ ...rest, rejected }, null, 2) + '\n');
  } else {
    io.stdout(unifiedDiff(result.changes));
  }
  for (const o of result.outcomes.filter((x) => x.status !== 'done' && x.status !== 'unchanged')) {
    io.stderr(`${o.status}: ${o.file}: ${printable(o.reason ?? '')}\n`);
  }
  for (const c of result.conflicts) io.stderr(`conflict: ${c.file}: ${c.message}\n`);
  for (const d of result.diagnostics.introduced)
    io.stderr(`new type error: ${d.file}:${d.line} TS${d.code} ${d.message}\n`);
  if (result.costAlert) io.stderr(`cost alert: ${result.costAlert}\n`);
  void formatRunReport;
  io.stderr(`Usage: ${formatUsage(result.usage)} (estimate ${result.estimate.totalUsd.toFixed(4)})\n`);
}

function progressPrinter(io: CliIo): (e: PipelineEvent) => void {
  return (e) => {
    if (e.type === 'stage') io.stderr(`» ${e.message}\n`);
    else if (e.type === 'subtask' && e.status !== 'started')
      io.stderr(`  ${e.file}: ${e.status}${e.detail ? ` (${printable(e.detail)})` : ''}\n`);
    else if (e.type === 'log' && e.level !== 'debug') io.stderr(`  ${e.level}: ${printable(e.message)}\n`);
  };
}
