/**
 * Runs deterministic subtasks (renames, TypeScript's refactors) the way a run does (runSubtasks over the
 * handler registry, on a workspace opened from disk) with a model client bound to the loopback mock, and
 * type-checks the result on its own.
 */
import assert from 'node:assert/strict';
import { Project, ts } from 'ts-morph';
import { RunConfigSchema } from '../../../../src/core/config';
import { Budget } from '../../../../src/core/llm/budget';
import { createAnthropicClient } from '../../../../src/core/llm/anthropicClient';
import { UsageLedger } from '../../../../src/core/llm/ledger';
import type { Subtask } from '../../../../src/core/plan/planSchema';
import type { RunContext } from '../../../../src/core/run/runContext';
import { runSubtasks } from '../../../../src/core/run/runSubtasks';
import { runRefactor } from '../../../../src/core/pipeline';
import type { PipelineEvent, RefactorResult, SubtaskOutcome } from '../../../../src/core/runTypes';
import { toolUseReply, type MockAnthropic, type MockRequest } from '../../../mock-anthropic/server';
import { API_KEY } from '../../../support/cli';
import { isPlan } from '../../../support/mockRequests';
import { makeWorkspace } from '../../../support/workspace';

/** Strict, ES2022 libs only: no DOM lib to parse, so each run stays quick. */
export const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022'],
    types: [],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    noEmit: true,
  },
  include: ['src'],
});

/** Two functions declared in src/users.ts and a page that calls both: what the rename tests rename. */
export const USER_FILES = {
  'src/users.ts': `export function loadUser(id: string): string {
  return \`user \${id}\`;
}

export function saveUser(id: string): boolean {
  return id.length > 0;
}
`,
  'src/page.ts': `import { loadUser, saveUser } from './users';

export function page(id: string): string {
  return saveUser(id) ? loadUser(id) : '';
}
`,
} satisfies Record<string, string>;

export interface RenameRun {
  /** Every source file's text after the run (changed or not). */
  texts: Record<string, string>;
  outcomes: SubtaskOutcome[];
  events: PipelineEvent[];
}

export function rename(file: string, from: string, to: string): Subtask {
  return {
    file,
    handler: 'rename',
    instructions: `rename ${from} to ${to}`,
    priority: 10,
    rename: { from, to },
  };
}

export async function runRenames(
  files: Record<string, string>,
  subtasks: Subtask[],
  mockUrl: string,
): Promise<RenameRun> {
  return runDeterministic(files, subtasks, mockUrl, false);
}

/** Like `runRenames`, for any deterministic handler: a file a step creates is in `texts` too. */
export async function runSteps(
  files: Record<string, string>,
  subtasks: Subtask[],
  mockUrl: string,
): Promise<RenameRun> {
  return runDeterministic(files, subtasks, mockUrl, true);
}

async function runDeterministic(
  files: Record<string, string>,
  subtasks: Subtask[],
  mockUrl: string,
  mayCreate: boolean,
): Promise<RenameRun> {
  const workspace = await makeWorkspace({ 'tsconfig.json': TSCONFIG, ...files });
  const ledger = new UsageLedger();
  const config = RunConfigSchema.parse({});
  const events: PipelineEvent[] = [];
  const ctx: RunContext = {
    workspace,
    client: createAnthropicClient({ apiKey: API_KEY, baseURL: mockUrl, timeoutMs: 5_000, maxRetries: 0 }),
    ledger,
    budget: new Budget(config.budgetUsd, ledger),
    config,
    emit: (e) => void events.push(e),
  };
  const run = await runSubtasks(ctx, { summary: 'deterministic steps', subtasks }, new Map());
  const texts = { ...files };
  for (const p of run.proposals) {
    assert.ok(mayCreate || p.file in files, `${p.file} is not a file of the workspace`);
    assert.equal(
      run.proposals.filter((q) => q.file === p.file).length,
      1,
      `one proposal (its final text) per file: ${p.file}`,
    );
    texts[p.file] = p.after;
  }
  for (const [file, text] of Object.entries(files)) {
    assert.equal(workspace.readText(file), text, `the workspace still reads ${file} at baseline`);
  }
  return { texts, outcomes: run.outcomes, events };
}

/** Diagnostics of the texts as a strict program on their own (no disk, no workspace): `file:line message`. */
export function diagnosticsOf(texts: Record<string, string>): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      noEmit: true,
    },
  });
  for (const [file, text] of Object.entries(texts)) project.createSourceFile(`/ws/${file}`, text);
  return project
    .getPreEmitDiagnostics()
    .map(
      (d) =>
        `${d.getSourceFile()?.getFilePath().replace('/ws/', '') ?? '?'}:${d.getLineNumber() ?? 0} ` +
        ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n'),
    );
}

/** The handlers that are TypeScript's refactors (their argument field is named after them). */
export type RefactorName =
  | 'moveToFile'
  | 'destructureParams'
  | 'toNamedExport'
  | 'toDefaultExport'
  | 'extractType'
  | 'inferReturnType';

/** A refactor step as the orchestrator writes one: `step('inferReturnType', 'src/a.ts', { symbol: 'f' })`. */
export function step<H extends RefactorName>(
  handler: H,
  file: string,
  args: NonNullable<Subtask[H]>,
): Subtask {
  // The computed key is the handler's own argument field, which the schema types per handler.
  return {
    file,
    handler,
    instructions: `${handler} ${args.symbol}`,
    priority: 10,
    [handler]: args,
  } as Subtask;
}

export interface PlannedRun {
  /** Every file after the run: the inputs with the changes laid over them, created files included, moved
   * files at their new path only, deleted ones left out. */
  texts: Record<string, string>;
  result: RefactorResult;
  /** What reached the mock API during the run. */
  requests: MockRequest[];
}

/**
 * A whole run through the pipeline, as the CLI makes it: facts, the plan call (answered with `subtasks`),
 * the plan check with its dry runs, the estimate, dispatch, merge and the type-check.
 */
export async function runPlanned(
  mock: MockAnthropic,
  files: Record<string, string>,
  subtasks: Subtask[],
  instruction: string,
): Promise<PlannedRun> {
  mock.on(isPlan, toolUseReply({ summary: 'Refactor with TypeScript.', subtasks }));
  const workspace = await makeWorkspace({ 'tsconfig.json': TSCONFIG, ...files });
  const client = createAnthropicClient({
    apiKey: API_KEY,
    baseURL: mock.url,
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  const result = await runRefactor({ workspace, client, config: RunConfigSchema.parse({}) }, { instruction });
  const texts: Record<string, string> = { ...files };
  for (const change of result.changes) {
    // A moved file leaves its old path; a deleted one is gone.
    if (change.movedFrom !== undefined) delete texts[change.movedFrom];
    if (change.deleted === true) delete texts[change.file];
    else texts[change.file] = change.after;
  }
  return { texts, result, requests: [...mock.requests] };
}
