/**
 * A run journaled in memory and its resume on the same folder, for the journal tests: the engine in-process,
 * the real SDK over HTTP against the loopback mock, one call at a time (`maxConcurrency: 1`) so the journal's
 * order is the plan's.
 */
import assert from 'node:assert/strict';
import { RunJournal } from '../../src/core/journal/journal';
import { entryLine, headerLine, parseJournal, type JournalEntry } from '../../src/core/journal/journalFormat';
import type { LedgerRecord } from '../../src/core/llm/ledger';
import { executeRun, planRun, replanRun } from '../../src/core/pipeline';
import type { Plan } from '../../src/core/plan/planSchema';
import type { RefactorResult, RunDeps } from '../../src/core/runTypes';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import { sha256Hex } from '../../src/core/workspace/contentHash';
import type { MockAnthropic } from '../mock-anthropic/server';
import { mockDeps } from './mockRun';

/** What a scenario runs: its project, its instruction, and the mock's script (for the run and again the resume). */
export interface JournalScenario {
  files: Record<string, string>;
  instruction: string;
  script: (mock: MockAnthropic) => void;
  /** The resume reads the records back through the journal's own lines, as from disk (else as kept in memory). */
  throughJournalText?: boolean;
}

/** One uninterrupted run and what it journaled. */
export interface Journaled {
  result: RefactorResult;
  plan: Plan;
  spent: LedgerRecord[];
  entries: JournalEntry[];
  dir: string;
}

export interface Resumed {
  result: RefactorResult;
  journal: RunJournal;
  /** The records the resume journaled anew. */
  appended: JournalEntry[];
}

/** One uninterrupted run of the scenario, journaled in memory. */
export async function journaledRun(mock: MockAnthropic, scenario: JournalScenario): Promise<Journaled> {
  scenario.script(mock);
  const deps = await mockDeps(mock, scenario.files, { maxConcurrency: 1 });
  const planned = await planRun(deps, { instruction: scenario.instruction });
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
  return { result, plan, spent, entries, dir: deps.workspace.root };
}

/**
 * Resumes `from` with the records `keep` passes (the rest as if the run was killed before them): the mock reset
 * and scripted again, the same settings on the first run's folder (its files as the interrupted run left them).
 */
export async function resumeRun(
  mock: MockAnthropic,
  scenario: JournalScenario,
  from: Journaled,
  keep: (e: JournalEntry) => boolean,
): Promise<Resumed> {
  mock.reset();
  scenario.script(mock);
  const { instruction } = scenario;
  const base = await mockDeps(mock, scenario.files, { maxConcurrency: 1 });
  const deps: RunDeps = { ...base, workspace: await openWorkspace(from.dir) };
  const kept = from.entries.filter(keep);
  const prior = scenario.throughJournalText
    ? readBack(from, kept, instruction, deps)
    : new Map(kept.map((e) => [e.record.id, e]));
  const appended: JournalEntry[] = [];
  const journal = new RunJournal(prior, { append: (e) => appended.push(e) });
  const planned = await replanRun(deps, { instruction }, from.plan, from.spent);
  const result = await executeRun(deps, planned, undefined, { journal });
  return { result, journal, appended };
}

/** `entries` written as the journal's lines under the run's header and parsed back, as a resume reads them. */
function readBack(
  from: Journaled,
  entries: JournalEntry[],
  instruction: string,
  deps: RunDeps,
): Map<string, JournalEntry> {
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
  const text = headerLine(header) + entries.map(entryLine).join('');
  const read = parseJournal(text);
  assert.ok(read.ok, read.ok ? '' : read.error);
  return read.value.entries;
}

/** Each changed file's text after the run. */
export function changedTexts(result: RefactorResult): Record<string, string> {
  return Object.fromEntries(result.changes.map((c) => [c.file, c.after]));
}
