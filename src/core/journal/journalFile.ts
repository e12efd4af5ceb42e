/**
 * The run journal on disk, for the adapters (the CLI in its state directory, the extension in its global storage;
 * never the workspace): one JSON-lines file per run in a directory per workspace, readable by the user only.
 * Each line is appended and flushed (fdatasync) before the run goes on, so a kill loses at most the line being
 * written, which reading ignores and resuming cuts off before appending.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config';
import type { LedgerRecord } from '../llm/ledger';
import { err, ok, type Result } from '../result';
import type { JournalSink } from './journal';
import {
  entryLine,
  finishedLine,
  headerLine,
  JOURNAL_KIND,
  JOURNAL_VERSION,
  parseJournal,
  planHash,
  type Journal,
  type JournalHeader,
} from './journalFormat';
import type { Plan } from '../plan/planSchema';

const EXT = '.jsonl';

/** A new run's journal in `dir`: its header is written when the run begins (with the checked plan). */
export function newJournal(
  dir: string,
  runId: string,
  startedAt: Date,
  header: (plan: Plan) => JournalHeader,
): { file: string; sink: JournalSink } {
  // Named by start time first, so the newest sorts last.
  const file = path.join(dir, `${startedAt.getTime().toString().padStart(15, '0')}-${runId}${EXT}`);
  return {
    file,
    sink: {
      begin: (plan) => {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, headerLine(header(plan)), { mode: 0o600, flag: 'wx' });
      },
      append: (entry) => appendLine(file, entryLine(entry)),
    },
  };
}

/** What a new run's journal header holds besides the plan, which the run gives when it begins. */
export interface NewRunFacts {
  /** The workspace root (its real path). */
  root: string;
  instruction: string;
  seed?: JournalHeader['seed'];
  config: RunConfig;
  /** The planning calls. */
  spent: LedgerRecord[];
  apply?: boolean;
}

/**
 * A new run's journal in `dir`, the older ones there removed first (only a workspace's last run is resumable).
 * `begun()`: its header is written (the run began), so marking it finished means something.
 */
export function startNewJournal(
  dir: string,
  facts: NewRunFacts,
): { file: string; sink: JournalSink; begun(): boolean } {
  try {
    clearJournals(dir);
  } catch {
    // A journal that cannot be removed is left; the new run's is the newest, the one resume takes.
  }
  const runId = randomUUID();
  const startedAt = new Date();
  let begun = false;
  const { file, sink } = newJournal(dir, runId, startedAt, (plan) => {
    begun = true;
    return {
      kind: JOURNAL_KIND,
      version: JOURNAL_VERSION,
      runId,
      startedAt: startedAt.toISOString(),
      ...facts,
      plan,
      planHash: planHash(plan),
    };
  });
  return { file, sink, begun: () => begun };
}

/** The journal of a run being resumed: a torn last line is cut off, then new entries go after the old ones. */
export function continuedJournal(file: string): JournalSink {
  const text = fs.readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) fs.truncateSync(file, Buffer.byteLength(text.slice(0, end)));
  return { append: (entry) => appendLine(file, entryLine(entry)) };
}

export function markJournalFinished(file: string, at: Date = new Date()): void {
  appendLine(file, finishedLine(at));
}

/** A journal read back, or why it cannot be used (the message names the file). */
export function readJournalFile(file: string): Result<Journal> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return err(`Cannot read the run journal ${file}: ${(e as Error).message}.`);
  }
  const parsed = parseJournal(text);
  return parsed.ok ? parsed : err(`The run journal ${file} cannot be used: ${parsed.error}. Delete it.`);
}

/**
 * The newest unfinished journal in `dir` (a workspace's), or undefined when every run there finished (or none
 * was journaled). A damaged newest journal is an error naming it, not skipped: it may be the run to resume.
 */
export function latestUnfinished(dir: string): Result<{ file: string; journal: Journal } | undefined> {
  for (const file of journalFiles(dir).reverse()) {
    const read = readJournalFile(file);
    if (!read.ok) return read;
    if (!read.value.finished) return ok({ file, journal: read.value });
  }
  return ok(undefined);
}

/**
 * Removes every journal of `dir` (a workspace's): a new run starts there, and only the last run of a workspace
 * is resumable, as only its last `--apply` is undoable.
 */
export function clearJournals(dir: string): void {
  for (const file of journalFiles(dir)) fs.rmSync(file, { force: true });
}

function journalFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(EXT))
    .sort()
    .map((n) => path.join(dir, n));
}

/** One whole line, flushed to the disk before returning. */
function appendLine(file: string, line: string): void {
  // Never creates the file: a journal removed under a running run (a newer run started) is not half re-made.
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND);
  try {
    fs.writeSync(fd, line);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
