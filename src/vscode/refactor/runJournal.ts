/**
 * The extension's run journal: in its global storage (never the workspace), a directory per folder, the same
 * JSON lines as the CLI's (src/core/journal). A run that does not finish — a crash, a reload, a closed window,
 * a cancel — can be resumed with "Orchestra: Resume Interrupted Refactoring".
 */
import { randomUUID } from 'node:crypto';
import type { RunConfig } from '../../core/config';
import { asCalls, RunJournal, type JournalSink } from '../../core/journal/journal';
import { markJournalFinished, newJournal, clearJournals } from '../../core/journal/journalFile';
import { JOURNAL_KIND, JOURNAL_VERSION, planHash, type JournalEntry } from '../../core/journal/journalFormat';
import type { PlannedRun } from '../../core/pipeline';
import type { Plan } from '../../core/plan/planSchema';
import type { RefactorResult } from '../../core/runTypes';
import { journalDirOf } from '../activation/resumeOffer';
import type { Services } from '../activation/services';

export interface StartedJournal {
  journal: RunJournal;
  /** After the run: marks the journal finished unless the run may still be resumed (cancelled, budget-stopped). */
  end(result: RefactorResult): void;
}

export function journalDir(services: Services, root: string): string {
  return journalDirOf(services.context.globalStorageUri.fsPath, root);
}

export function startRunJournal(
  services: Services,
  root: string,
  planned: PlannedRun,
  config: RunConfig,
): StartedJournal {
  const dir = journalDir(services, root);
  try {
    clearJournals(dir);
  } catch {
    // A journal that cannot be removed is left; the new run's is the newest, the one resume takes.
  }
  const runId = randomUUID();
  const startedAt = new Date();
  const { request } = planned;
  let begun = false;
  const { file, sink } = newJournal(dir, runId, startedAt, (plan) => {
    begun = true;
    return {
      kind: JOURNAL_KIND,
      version: JOURNAL_VERSION,
      runId,
      root,
      startedAt: startedAt.toISOString(),
      instruction: request.instruction,
      ...(request.seed ? { seed: request.seed } : {}),
      plan,
      planHash: planHash(plan),
      config,
      spent: asCalls(planned.state.ledger.entries()),
    };
  });
  const guarded = tolerant(services, sink);
  return {
    journal: new RunJournal(new Map(), guarded),
    end: (result) => {
      if (begun && !guarded.broken()) endJournal(services, file, result);
    },
  };
}

/** Finished, unless cancelled or stopped by the budget: then it stays offered for resume. */
export function endJournal(services: Services, file: string, result: RefactorResult): void {
  if (result.cancelled || result.outcomes.some((o) => o.status === 'skipped-budget')) return;
  try {
    markJournalFinished(file);
  } catch (e) {
    services.log.warn(`The run journal ${file} could not be marked finished: ${String(e)}`);
  }
}

/** A journal that cannot be written is logged once; the run goes on without it. */
export function tolerant(services: Services, sink: JournalSink): JournalSink & { broken(): boolean } {
  let failed = false;
  const guard = (write: () => void): void => {
    if (failed) return;
    try {
      write();
    } catch (e) {
      failed = true;
      services.log.warn(`The run journal cannot be written (${String(e)}); this run cannot be resumed.`);
    }
  };
  return {
    begin: (plan: Plan) => guard(() => sink.begin?.(plan)),
    append: (entry: JournalEntry) => guard(() => sink.append(entry)),
    broken: () => failed,
  };
}
