/**
 * The extension's run journal, kept by the engine worker (which runs the subtasks) in the extension's global
 * storage — never the workspace —, a directory per folder, the same JSON lines as the CLI's (src/core/journal).
 * A run that does not finish — a crash, a reload, a closed window, a cancel — can be resumed with "Orchestra:
 * Resume Interrupted Refactoring".
 */
import { asCalls, RunJournal, type JournalSink } from '../../core/journal/journal';
import {
  continuedJournal,
  markJournalFinished,
  readJournalFile,
  startNewJournal,
} from '../../core/journal/journalFile';
import type { JournalEntry } from '../../core/journal/journalFormat';
import { OrchestraError } from '../../core/errors';
import type { PlannedRun } from '../../core/pipeline';
import type { Plan } from '../../core/plan/planSchema';
import type { RefactorResult } from '../../core/runTypes';
import type { JournalSpec, ResumedSummary } from './protocol';

export interface OpenedJournal {
  journal: RunJournal;
  /** After the run: marks the journal finished unless the run may still be resumed (cancelled, budget-stopped). */
  end(result: RefactorResult): void;
  /** For a resumed run: what it took from the journal. */
  resumed?: () => ResumedSummary;
}

type Warn = (message: string) => void;

export function openJournal(spec: JournalSpec, planned: PlannedRun, root: string, warn: Warn): OpenedJournal {
  if (spec.kind === 'continue') {
    const read = readJournalFile(spec.file);
    if (!read.ok)
      throw new OrchestraError('bad-input', `The run journal ${spec.file} cannot be used: ${read.error}`);
    const guarded = tolerant(warn, continuedJournal(spec.file));
    const journal = new RunJournal(read.value.entries, guarded);
    return {
      journal,
      end: (result) => {
        if (!guarded.broken()) endJournal(warn, spec.file, result);
      },
      resumed: () => ({ ...journal.summary(), fixes: journal.fixes() }),
    };
  }
  const { request } = planned;
  const { file, sink, begun } = startNewJournal(spec.dir, {
    root,
    instruction: request.instruction,
    ...(request.seed ? { seed: request.seed } : {}),
    config: spec.config,
    spent: asCalls(planned.state.ledger.entries()),
  });
  const guarded = tolerant(warn, sink);
  return {
    journal: new RunJournal(new Map(), guarded),
    end: (result) => {
      if (begun() && !guarded.broken()) endJournal(warn, file, result);
    },
  };
}

/** Finished, unless cancelled or stopped by the budget: then it stays offered for resume. */
function endJournal(warn: Warn, file: string, result: RefactorResult): void {
  if (result.cancelled || result.outcomes.some((o) => o.status === 'skipped-budget')) return;
  try {
    markJournalFinished(file);
  } catch (e) {
    warn(`The run journal ${file} could not be marked finished: ${String(e)}`);
  }
}

/** A journal that cannot be written is logged once; the run goes on without it. */
function tolerant(warn: Warn, sink: JournalSink): JournalSink & { broken(): boolean } {
  let failed = false;
  const guard = (write: () => void): void => {
    if (failed) return;
    try {
      write();
    } catch (e) {
      failed = true;
      warn(`The run journal cannot be written (${String(e)}); this run cannot be resumed.`);
    }
  };
  return {
    begin: (plan: Plan) => guard(() => sink.begin?.(plan)),
    append: (entry: JournalEntry) => guard(() => sink.append(entry)),
    broken: () => failed,
  };
}
