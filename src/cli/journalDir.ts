/**
 * Where the CLI keeps its run journals (`orchestra resume`): beside the undo record, in the user's state
 * directory (runRecordFile.ts), one directory per workspace named by the sha256 of its real path.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { OrchestraError } from '../core/errors';
import { asCalls, RunJournal, type JournalSink } from '../core/journal/journal';
import { markJournalFinished, startNewJournal } from '../core/journal/journalFile';
import type { PlannedRun } from '../core/pipeline';
import type { RefactorResult } from '../core/runTypes';
import type { CliArgs } from './args';
import { sha256Hex } from '../core/workspace/contentHash';
import type { CliIo } from './io';
import { stateDir } from './runRecordFile';

export function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

export function journalDirFor(env: Record<string, string | undefined>, root: string): string {
  return path.join(stateDir(env), 'journals', sha256Hex(realRoot(root)).slice(0, 32));
}

/**
 * A sink that warns once and stops journaling when the journal cannot be written (a full disk, no permission):
 * the run goes on, it just cannot be resumed.
 */
export function tolerantSink(sink: JournalSink, io: CliIo): JournalSink & { broken(): boolean } {
  let failed = false;
  const guard =
    <A extends unknown[]>(write: ((...a: A) => void) | undefined) =>
    (...a: A): void => {
      if (failed || write === undefined) return;
      try {
        write(...a);
      } catch (e) {
        failed = true;
        io.stderr(
          `warning: the run journal cannot be written (${e instanceof Error ? e.message : String(e)}); ` +
            'the run goes on, but `orchestra resume` cannot continue it if it is interrupted.\n',
        );
      }
    };
  return { begin: guard(sink.begin), append: guard(sink.append), broken: () => failed };
}

/** A journal that cannot be read is bad input: named, with what to do. */
export function journalError(message: string): OrchestraError {
  return new OrchestraError('bad-input', `${message} (\`orchestra resume\` cannot continue that run.)`);
}

/** A new run's journal; `finish` marks it finished once the run completed (then nothing is left to resume). */
export function startJournal(
  io: CliIo,
  args: CliArgs,
  planned: PlannedRun,
  root: string,
): { journal: RunJournal; finish(): void } {
  const { request } = planned;
  const { file, sink, begun } = startNewJournal(journalDirFor(io.env, root), {
    root: realRoot(root),
    instruction: request.instruction,
    ...(request.seed ? { seed: request.seed } : {}),
    config: args.config,
    spent: asCalls(planned.state.ledger.entries()),
    apply: args.apply,
  });
  const tolerant = tolerantSink(sink, io);
  return {
    journal: new RunJournal(new Map(), tolerant),
    finish: () => finishJournal(begun() && !tolerant.broken() ? file : undefined, io),
  };
}

export function finishJournal(file: string | undefined, io: CliIo): void {
  if (file === undefined) return;
  try {
    markJournalFinished(file);
  } catch (e) {
    io.stderr(
      `warning: the run journal ${file} could not be marked finished (${e instanceof Error ? e.message : String(e)}); ` +
        'delete it, or `orchestra resume` would offer this run again.\n',
    );
  }
}

/**
 * After the run printed (and wrote) its result: finished, unless the budget stopped it and nothing was written;
 * then it stays resumable with a larger budget (the finished subtasks are not paid for again).
 */
export function endJournal(result: RefactorResult, args: CliArgs, io: CliIo, finish: () => void): void {
  const budgetStopped = result.outcomes.some((o) => o.status === 'skipped-budget');
  if (budgetStopped && !args.apply) {
    io.stderr(
      'The budget stopped the run: `orchestra resume --budget USD` continues it without paying again for the ' +
        'subtasks that finished.\n',
    );
    return;
  }
  finish();
}
