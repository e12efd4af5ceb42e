/**
 * Benchmark 3: tokens.
 * (a) Worker output for a 20-file rename-like change: search/replace edits vs whole-file rewrites, both
 *     as the tool input JSON a worker would send, counted with the engine's token estimate. Every edit
 *     list is applied with the engine's applyWorkerOutput and must give exactly the renamed file.
 * (b) Prompt-cache reads as a share of worker input tokens, from a real pipeline run (≥ 4 workers
 *     sharing the cached system prefix) against the mock with the bench-side cache model.
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { estimateTokens } from '../src/core/llm/budget';
import { applyWorkerOutput } from '../src/core/work/applyEdits';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { listTs, type Corpus } from './corpora';
import { scriptRun, timedRun, type MockPipeline } from './mockPipeline';
import { REPO_ROOT, WORK_DIR } from './paths';
import { minimumCacheableTokens, PromptCacheModel } from './promptCache';
import { renameEdits, renameText, wordPattern } from './renameEdits';
import type { BenchResult } from './results';

export function editVsWholeTokens(corpus: Corpus, from: string, to: string, count = 20): BenchResult[] {
  const files = listTs(path.join(corpus.root, 'src'))
    .map((f) => `src/${f}`)
    .filter((f) => wordPattern(from).test(readFileSync(path.join(corpus.root, f), 'utf8')))
    .slice(0, count);
  let editTokens = 0;
  let wholeTokens = 0;
  for (const file of files) {
    const before = readFileSync(path.join(corpus.root, file), 'utf8');
    const after = renameText(before, from, to);
    const output = { file, edits: renameEdits(before, from, to), notes: `Renamed ${from} to ${to}.` };
    const applied = applyWorkerOutput(before, output, { isNew: false, file });
    if (!applied.ok || applied.text !== after) {
      throw new Error(
        `bench: rename edits for ${file} do not reproduce the renamed file: ${applied.ok ? 'text differs' : applied.error}`,
      );
    }
    editTokens += estimateTokens(JSON.stringify(output));
    wholeTokens += estimateTokens(JSON.stringify({ file, content: after, notes: output.notes }));
  }
  const note = `${files.length} ${corpus.id} files, ${from} → ${to}`;
  return [
    {
      name: 'tokens.edit_vs_whole_output',
      value: editTokens / wholeTokens,
      target: 0.3,
      better: 'lower',
      unit: '×',
      note,
    },
    {
      name: 'tokens.edit_output',
      value: editTokens,
      target: null,
      better: 'lower',
      unit: 'tok',
      note: 'search/replace tool input',
    },
    {
      name: 'tokens.whole_output',
      value: wholeTokens,
      target: null,
      better: 'lower',
      unit: 'tok',
      note: 'whole-file tool input',
    },
  ];
}

/** A scratch copy of examples/shop so nothing in the repo can be touched by a run. */
export function shopCopy(): string {
  const dest = path.join(WORK_DIR, 'shop');
  rmSync(dest, { recursive: true, force: true });
  cpSync(path.join(REPO_ROOT, 'examples', 'shop'), dest, { recursive: true });
  if (!existsSync(path.join(dest, 'tsconfig.json')))
    throw new Error('examples/shop/tsconfig.json is missing');
  return dest;
}

export async function cacheShare(p: MockPipeline, concurrency: number): Promise<BenchResult[]> {
  const workspace = await openWorkspace(shopCopy());
  const files = workspace.listFiles().filter((f) => wordPattern('UserId').test(workspace.readText(f) ?? ''));
  const cache = new PromptCacheModel(p.latencyMs);
  const script = {
    workspace,
    files,
    instruction: 'Rename `UserId` to `AccountId` and update every use',
    edit: (file: string, before: string) => ({ file, edits: renameEdits(before, 'UserId', 'AccountId') }),
  };
  scriptRun(p, script, cache);
  const run = await timedRun(p, script, { maxWorkers: 16, maxConcurrency: concurrency, budgetUsd: 100 });
  const worker = run.result.usage.byRole.worker?.usage;
  const workerRequests = p.mock.requests.filter((r) => r.toolName === 'submit_edits');
  const prefix = Math.max(0, ...workerRequests.map((r) => cache.prefixTokens(r.body)));
  const model = workerRequests[0]?.body.model ?? '';
  const input = worker
    ? worker.inputTokens + worker.cacheReadInputTokens + worker.cacheCreationInputTokens
    : NaN;
  // What-if: the same requests, at the times the mock received them, if any prefix length were cacheable.
  const whatIf = new PromptCacheModel(p.latencyMs, 0);
  let read = 0;
  let total = 0;
  for (const r of workerRequests) {
    const u = whatIf.usage(r.body, r.receivedAtMs);
    read += u.cache_read_input_tokens;
    total += u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens;
  }
  const done = run.result.outcomes.filter((o) => o.status === 'done').length;
  const note = `${done}/${files.length} workers done, concurrency ${concurrency}, ${run.result.diagnostics.introduced.length} new type errors`;
  return [
    {
      name: 'tokens.cache_read_share',
      value: worker ? worker.cacheReadInputTokens / input : NaN,
      target: 0.5,
      better: 'higher',
      unit: '',
      note,
    },
    {
      name: 'tokens.cache_read_share_no_minimum',
      value: read / total,
      target: null,
      better: 'higher',
      unit: '',
      note: 'what-if: same requests and timing, no minimum prefix length',
    },
    {
      name: 'tokens.worker_shared_prefix',
      value: prefix,
      target: minimumCacheableTokens(model),
      better: 'higher',
      unit: 'tok',
      note: `tools + cached system; ${model} caches only prefixes ≥ target`,
    },
  ];
}
