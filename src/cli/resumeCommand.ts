/**
 * `orchestra resume`: finishes the last interrupted `orchestra refactor` in this workspace from its journal. The
 * journaled plan runs again without the orchestrator; a model subtask journaled as done (or unchanged) whose files
 * still hold the text it started from is not run again, its result and cost are taken from the journal; the others
 * run. Then the merge, type-check and follow-ups as usual, printed and exited exactly like `refactor`.
 */
import type { RunConfig } from '../core/config';
import {
  describeFixes,
  RunJournal,
  whyFixStale,
  type FixResumeSummary,
  type ResumedFixes,
  type ResumeSummary,
} from '../core/journal/journal';
import { continuedJournal, latestUnfinished } from '../core/journal/journalFile';
import type { Journal } from '../core/journal/journalFormat';
import { executeRun, replanRun, type RunDeps } from '../core/pipeline';
import { withIds } from '../core/plan/dependencies';
import type { Plan } from '../core/plan/planSchema';
import { formatPlan } from '../core/report';
import { openWorkspace } from '../core/workspace/openWorkspace';
import type { CliArgs } from './args';
import { runClient } from './clients';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import type { CliIo } from './io';
import { endJournal, finishJournal, journalDirFor, journalError, realRoot } from './journalDir';
import { progressPrinter, reportAndApply } from './runOutput';

export async function resumeCommand(args: CliArgs, io: CliIo): Promise<ExitCodeValue> {
  const found = latestUnfinished(journalDirFor(io.env, args.cwd));
  if (!found.ok) throw journalError(found.error);
  if (found.value === undefined) {
    if (args.json) io.stdout(JSON.stringify({ resumed: false }, null, 2) + '\n');
    io.stderr(
      `Nothing to resume: no interrupted \`orchestra refactor\` is journaled for ${args.cwd} ` +
        '(the last run there finished, or none was started).\n',
    );
    return ExitCode.nothingToChange;
  }
  const { file, journal } = found.value;
  const { header } = journal;
  if (header.root !== realRoot(args.cwd)) {
    throw journalError(`The run journal ${file} is of ${header.root}, not of ${realRoot(args.cwd)}.`);
  }
  const config = resumedConfig(header.config, args);
  const runArgs: CliArgs = { ...args, config };
  const client = runClient(config, runArgs, io);
  const workspace = await openWorkspace(args.cwd, { include: config.include, exclude: config.exclude });
  const deps: RunDeps = { workspace, client, config, signal: io.signal, onEvent: progressPrinter(io) };
  io.stderr(describeJournal(journal) + '\n');
  const request = { instruction: header.instruction, ...(header.seed ? { seed: header.seed } : {}) };
  const planned = await replanRun(deps, request, header.plan, header.spent);
  io.stderr(formatPlan(planned) + '\n');
  const resumed = new RunJournal(journal.entries, continuedJournal(file));
  const result = await executeRun(deps, planned, undefined, { journal: resumed });
  const summary = describeSummary(resumed.summary(), resumed.fixes(), planned.plan);
  for (const s of summary.stale) {
    io.stderr(
      `re-run: ${s.file} (${s.id}) changed since its result was journaled: ${s.changed.join(', ')}\n`,
    );
  }
  for (const s of summary.fixes.stale) {
    io.stderr(`re-run: the ${s.origin} of ${s.file} (round ${s.round}): ${whyFixStale(s)}\n`);
  }
  const { fixes } = summary;
  io.stderr(
    `Resumed: ${summary.reused.length} subtask(s) from the journal, ${summary.rerun.length} run now` +
      (summary.stale.length > 0 ? ` (${summary.stale.length} of them because their files changed)` : '') +
      (fixes.reused.length + fixes.rerun.length > 0
        ? `; the type-check's repairs and follow-ups: ${fixes.reused.length} from the journal, ${fixes.rerun.length} run now`
        : '') +
      '.\n',
  );
  if (header.apply === true && !args.apply && result.changes.length > 0) {
    io.stderr('The interrupted run was started with --apply; pass `orchestra resume --apply` to write it.\n');
  }
  if (result.cancelled) return reportAndApply(result, workspace.root, runArgs, io, planned.rejected);
  try {
    return await reportAndApply(result, workspace.root, runArgs, io, planned.rejected, { resumed: summary });
  } finally {
    endJournal(result, args, io, () => finishJournal(file, io));
  }
}

/** The journal's settings, with what `resume` may change (RESUME_FLAGS) taken from the command line. */
function resumedConfig(journaled: RunConfig, args: CliArgs): RunConfig {
  const given = new Set(args.given ?? []);
  const from = args.config;
  return {
    ...journaled,
    ...(given.has('budget') ? { budgetUsd: from.budgetUsd } : {}),
    ...(given.has('max-concurrency') ? { maxConcurrency: from.maxConcurrency } : {}),
    ...(given.has('timeout') ? { timeoutMs: from.timeoutMs } : {}),
    ...(given.has('max-retries') ? { maxRetries: from.maxRetries } : {}),
    ...(given.has('aws-region') ? { bedrock: from.bedrock } : {}),
    ...(given.has('vertex-project') || given.has('vertex-region') ? { vertex: from.vertex } : {}),
  };
}

function describeJournal(journal: Journal): string {
  const { header, entries, torn } = journal;
  const done = [...entries.values()].filter(
    (e) => e.record.origin === undefined && ['done', 'unchanged'].includes(e.record.outcome.status),
  );
  return (
    `Resuming "${header.instruction}" (run ${header.runId}, started ${header.startedAt}): ` +
    `${done.length} of ${header.plan.subtasks.length} subtask(s) journaled as finished` +
    (torn ? '; its last line was cut short by the interruption and is ignored' : '') +
    '.'
  );
}

export interface ResumedJson {
  reused: Array<{ id: string; file: string }>;
  rerun: Array<{ id: string; file: string }>;
  stale: Array<{ id: string; file: string; changed: string[] }>;
  /**
   * The type-check's repairs and follow-ups: taken from the journal, run now, run again as stale (with
   * `errorsChanged` when it was asked other errors than the journaled fix answered on files that hash the same).
   */
  fixes: ResumedFixes;
}

/** The summary with each subtask's file beside its id (`--json`'s `resumed`). */
function describeSummary(summary: ResumeSummary, fixes: FixResumeSummary, plan: Plan): ResumedJson {
  const files = new Map(withIds(plan.subtasks).subtasks.map((s) => [s.id, s.file]));
  const fileOf = (id: string): string => files.get(id) ?? id;
  const named = (ids: string[]): ResumedJson['reused'] => ids.map((id) => ({ id, file: fileOf(id) }));
  return {
    reused: named(summary.reused),
    rerun: named(summary.rerun),
    stale: summary.stale,
    fixes: describeFixes(fixes),
  };
}
