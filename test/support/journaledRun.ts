/**
 * A run journaled in memory, and its resume through the journal's own lines (as `orchestra resume` reads them
 * from disk), for the engine's resume tests: the real SDK over HTTP against the loopback mock.
 */
import assert from 'node:assert/strict';
import { RunJournal } from '../../src/core/journal/journal';
import { entryLine, headerLine, parseJournal, type JournalEntry } from '../../src/core/journal/journalFormat';
import type { LedgerRecord } from '../../src/core/llm/ledger';
import { executeRun, planRun, replanRun } from '../../src/core/pipeline';
import type { Plan } from '../../src/core/plan/planSchema';
import type { RefactorResult, RunDeps } from '../../src/core/runTypes';
import { sha256Hex } from '../../src/core/workspace/contentHash';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import type { MockAnthropic } from '../mock-anthropic/server';
import { mockDeps } from './mockRun';

export interface Journaled {
  result: RefactorResult;
  plan: Plan;
  spent: LedgerRecord[];
  entries: JournalEntry[];
  /** The run's workspace on disk (a temp tree of `project`); a resume opens it again. */
  dir: string;
  project: Record<string, string>;
}

export interface Resumed {
  result: RefactorResult;
  journal: RunJournal;
  appended: JournalEntry[];
}

/** Plans and runs `instruction` on `project` (one call at a time), every finished step journaled. */
export async function journaledRun(
  mock: MockAnthropic,
  project: Record<string, string>,
  instruction: string,
  script: () => void,
): Promise<Journaled> {
  script();
  const deps = await mockDeps(mock, project, { maxConcurrency: 1 });
  const planned = await planRun(deps, { instruction });
  const spent = planned.state.ledger
    .entries()
    .map(({ role, model, label, usage }) => ({ role, model, label, usage }));
  const entries: JournalEntry[] = [];
  let plan: Plan | undefined;
  const journal = new RunJournal(new Map(), {
    begin: (p) => void (plan = p),
    append: (e) => entries.push(e),
  });
  const result = await executeRun(deps, planned, undefined, { journal });
  assert.ok(plan);
  return { result, plan, spent, entries, dir: deps.workspace.root, project };
}

/** Resumes `from` on its workspace (as it is now on disk) with the journal entries `keep` lets through. */
export async function resumeRun(
  mock: MockAnthropic,
  from: Journaled,
  instruction: string,
  script: () => void,
  keep: (e: JournalEntry) => boolean,
): Promise<Resumed> {
  mock.reset();
  script();
  const base = await mockDeps(mock, from.project, { maxConcurrency: 1 });
  const deps: RunDeps = { ...base, workspace: await openWorkspace(from.dir) };
  const header = {
    kind: 'orchestra-run-journal' as const,
    version: 1 as const,
    runId: 'r1',
    root: from.dir,
    startedAt: new Date(0).toISOString(),
    instruction,
    plan: from.plan,
    planHash: sha256Hex(JSON.stringify(from.plan)),
    config: deps.config,
    spent: from.spent,
  };
  const text = headerLine(header) + from.entries.filter(keep).map(entryLine).join('');
  const read = parseJournal(text);
  assert.ok(read.ok, read.ok ? '' : read.error);
  const appended: JournalEntry[] = [];
  const journal = new RunJournal(read.value.entries, { append: (e) => appended.push(e) });
  const planned = await replanRun(deps, { instruction }, from.plan, from.spent);
  const result = await executeRun(deps, planned, undefined, { journal });
  return { result, journal, appended };
}
