/**
 * The run journal's port, as the run sees it: before a model subtask runs it asks for a reusable record of it;
 * when any subtask finishes it hands over the record. `RunJournal` is the one implementation: records read back
 * from an earlier run of the same plan, an append-only sink for the new ones (the adapters write it to disk).
 */
import type { LedgerEntry, LedgerRecord } from '../llm/ledger';
import type { Plan } from '../plan/planSchema';
import type { JournalEntry } from './journalFormat';
import { staleFiles, type FixOrigin, type SubtaskRecord } from './subtaskRecord';

/** What the run asks the journal about: a planned subtask, or a fix of the type-check (`origin`). */
export interface JournaledStep {
  id: string;
  file: string;
  handler: string;
  origin?: FixOrigin;
  /** A fix's request hash (`SubtaskRecord.request`): a journaled fix is reused only for the same one. */
  request?: string;
}

export interface SubtaskJournal {
  /** Called once with the checked plan (after the review's edits), before any subtask runs. */
  begin?(plan: Plan): void;
  /**
   * A finished record of subtask `id` (on `file`, by `handler`; a fix of the type-check when `origin` is given)
   * that may stand in for running it, or undefined. `hashOf` gives the sha256 of each file's text as the step
   * would start from it now (undefined: absent).
   */
  reuse(subtask: JournaledStep, hashOf: (file: string) => string | undefined): JournalEntry | undefined;
  /** A subtask or a fix finished (any status) with the calls it made; the journal keeps it. */
  finished(record: SubtaskRecord, calls: LedgerRecord[]): void;
}

/** A fix's id in the journal: its kind, round and file (a plan's ids never hold ':', so none is taken). */
export function fixJournalId(origin: FixOrigin, round: number, file: string): string {
  return `${origin}:${round}:${file}`;
}

/** The kind, round and file of a fix's journal id; undefined for a planned subtask's id. */
export function parseFixJournalId(
  id: string,
): { origin: FixOrigin; round: number; file: string } | undefined {
  const m = /^(repair|follow-up):(\d+):(.+)$/.exec(id);
  if (m === null) return undefined;
  return { origin: m[1] as FixOrigin, round: Number(m[2]), file: m[3] as string };
}

/** One of the type-check's fixes as a resume reports it: a repair or a follow-up, by file and round. */
export interface ResumedFix {
  origin: FixOrigin;
  file: string;
  round: number;
}

/** A fix run again: the files that changed since, or (`errorsChanged`) the errors it is asked changed. */
export type StaleFix = ResumedFix & { changed: string[]; errorsChanged?: true };

/** The type-check's fixes of a resume by kind, file and round (`orchestra resume --json`'s `resumed.fixes`). */
export interface ResumedFixes {
  reused: ResumedFix[];
  rerun: ResumedFix[];
  stale: StaleFix[];
}

export function describeFixes(fixes: FixResumeSummary): ResumedFixes {
  const fix = (id: string): ResumedFix[] => {
    const parsed = parseFixJournalId(id);
    return parsed === undefined ? [] : [parsed];
  };
  return {
    reused: fixes.reused.flatMap(fix),
    rerun: fixes.rerun.flatMap(fix),
    stale: fixes.stale.flatMap((s) =>
      fix(s.id).map((f) => ({
        ...f,
        changed: s.changed,
        ...(s.errorsChanged ? { errorsChanged: s.errorsChanged } : {}),
      })),
    ),
  };
}

/** Why a fix ran again: "src/a.ts changed", or that the errors it is asked are not the ones it answered. */
export function whyFixStale(f: StaleFix): string {
  const why = [
    ...(f.changed.length > 0 ? [`${f.changed.join(', ')} changed`] : []),
    ...(f.errorsChanged ? ['the type errors it answered are not the ones it has now'] : []),
  ];
  return why.join('; ');
}

/** Where a run's journal goes (the adapters write it to disk: journalFile.ts). */
export interface JournalSink {
  begin?(plan: Plan): void;
  append(entry: JournalEntry): void;
}

/** A record whose files changed since it was journaled: run again, the files named. */
export interface StaleRecord {
  id: string;
  file: string;
  changed: string[];
  /** A fix only: its files hash the same, but the errors it is asked to fix are not the ones it answered. */
  errorsChanged?: true;
}

/** What a resumed run took from the journal and what it ran again. */
export interface ResumeSummary {
  /** Subtask ids whose journaled result was used, without a model call. */
  reused: string[];
  /** Subtask ids that ran in this process (never finished before, not reusable, or stale). */
  rerun: string[];
  stale: StaleRecord[];
}

/** The same for the type-check's repairs and follow-ups, by the fix's journal id (`fixJournalId`). */
export type FixResumeSummary = ResumeSummary;

/** Only a subtask that did its part is reused; a failed, cancelled or skipped one is run again. */
const REUSABLE: ReadonlySet<SubtaskRecord['outcome']['status']> = new Set(['done', 'unchanged']);

export class RunJournal implements SubtaskJournal {
  private readonly reusedIds: string[] = [];
  private readonly rerunIds: string[] = [];
  private readonly staleList: StaleRecord[] = [];
  private readonly fixSummary: FixResumeSummary = { reused: [], rerun: [], stale: [] };

  /**
   * `prior`: the records of the run being resumed (empty for a new run); `sink` keeps them: `begin` with the
   * checked plan (a new run writes its header then), `append` one entry durably, in finishing order.
   */
  constructor(
    private readonly prior: ReadonlyMap<string, JournalEntry>,
    private readonly sink: JournalSink,
  ) {}

  begin(plan: Plan): void {
    this.sink.begin?.(plan);
  }

  reuse(subtask: JournaledStep, hashOf: (file: string) => string | undefined): JournalEntry | undefined {
    const entry = this.prior.get(subtask.id);
    if (entry === undefined) return undefined;
    const { record } = entry;
    if (record.file !== subtask.file || record.handler !== subtask.handler) return undefined;
    if (record.origin !== subtask.origin) return undefined;
    if (!REUSABLE.has(record.outcome.status)) return undefined;
    const changed = staleFiles(record, hashOf);
    // Another request on files that hash the same: the errors it answered are not the ones it is asked now.
    const errorsChanged =
      changed.length === 0 && subtask.request !== undefined && record.request !== subtask.request;
    if (changed.length > 0 || errorsChanged) {
      const stale: StaleRecord = { id: subtask.id, file: subtask.file, changed };
      this.staleOf(record).push(errorsChanged ? { ...stale, errorsChanged } : stale);
      return undefined;
    }
    (record.origin === undefined ? this.reusedIds : this.fixSummary.reused).push(subtask.id);
    return entry;
  }

  finished(record: SubtaskRecord, calls: LedgerRecord[]): void {
    (record.origin === undefined ? this.rerunIds : this.fixSummary.rerun).push(record.id);
    this.sink.append({ record, calls });
  }

  /** The plan's subtasks only; the type-check's fixes are in `fixes()`. */
  summary(): ResumeSummary {
    return { reused: [...this.reusedIds], rerun: [...this.rerunIds], stale: [...this.staleList] };
  }

  /** The type-check's repairs and follow-ups: journaled ones reused, the ones run in this process, stale ones. */
  fixes(): FixResumeSummary {
    const { reused, rerun, stale } = this.fixSummary;
    return { reused: [...reused], rerun: [...rerun], stale: [...stale] };
  }

  private staleOf(record: SubtaskRecord): StaleRecord[] {
    return record.origin === undefined ? this.staleList : this.fixSummary.stale;
  }
}

/** Ledger entries as the journal keeps them: what was called and what it used, priced again when read back. */
export function asCalls(entries: readonly LedgerEntry[]): LedgerRecord[] {
  return entries.map((e) => ({
    role: e.role,
    ...(e.provider === undefined ? {} : { provider: e.provider }),
    model: e.model,
    ...(e.label === undefined ? {} : { label: e.label }),
    usage: { ...e.usage },
    ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
  }));
}
