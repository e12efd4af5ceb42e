/**
 * Benchmark 3: tokens.
 * (a) Worker output for a 20-file rename-like change: search/replace edits vs whole-file rewrites, both
 *     as the tool input JSON a worker would send, counted with the engine's token estimate. Every edit
 *     list is applied with the engine's applyWorkerOutput and must give exactly the renamed file.
 * (b) Prompt-cache reads as a share of worker input tokens, from real pipeline runs of the same 20-file
 *     change (20 workers sharing the cached system prefix, concurrency 4) against the mock with the
 *     bench-side cache model, with the default worker model and with Sonnet as worker.
 */
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { RunConfigSchema } from '../src/core/config';
import { estimateTokens } from '../src/core/llm/budget';
import { minCacheableTokens } from '../src/core/llm/pricing';
import { applyWorkerOutput } from '../src/core/worker/applyEdits';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { listTs, type Corpus } from './corpora';
import { scriptRun, timedRun, type MockPipeline } from './mockPipeline';
import { REPO_ROOT, WORK_DIR } from './paths';
import { PromptCacheModel } from './promptCache';
import { isEditCall } from '../test/support/mockRequests';
import { renameEdits, renameText, wordPattern } from './renameEdits';
import type { BenchResult } from './results';

/** The first `count` files of the corpus that spell `from` as a word: the rename-like change's files. */
export function renameFiles(corpus: Corpus, from: string, count: number): string[] {
  return listTs(path.join(corpus.root, 'src'))
    .map((f) => `src/${f}`)
    .filter((f) => wordPattern(from).test(readFileSync(path.join(corpus.root, f), 'utf8')))
    .slice(0, count);
}

export function editVsWholeTokens(corpus: Corpus, from: string, to: string, count = 20): BenchResult[] {
  const files = renameFiles(corpus, from, count);
  let editTokens = 0;
  let wholeTokens = 0;
  for (const file of files) {
    const before = readFileSync(path.join(corpus.root, file), 'utf8');
    const after = renameText(before, from, to);
    const output = { file, edits: renameEdits(before, from, to), notes: `Renamed ${from} to ${to}.` };
    const applied = applyWorkerOutput(before, output, { isNew: false, file });
    if (!applied.ok || applied.value.text !== after) {
      throw new Error(
        `bench: rename edits for ${file} do not reproduce the renamed file: ${applied.ok ? 'text differs' : applied.error.message}`,
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

const DEFAULT_WORKER = RunConfigSchema.parse({}).models.worker;
const SONNET_WORKER = 'claude-sonnet-4-6';

interface CacheRun {
  model: string;
  /** Cache reads / (plain input + cache writes + cache reads) of the worker calls, as the engine's ledger saw them. */
  readShare: number;
  /** Tokens of the largest cacheable prefix (tools + cached system blocks) the workers sent. */
  prefix: number;
  /** The part of it the engine's warm-up decision counts (the cached system blocks alone). */
  systemPrefix: number;
  /** The first worker call arrived at least one latency before every other one. */
  warmedUp: boolean;
  note: string;
}

/** The 20-file rename through the real planRun → executeRun, with `model` as the worker model. */
async function cacheRun(
  p: MockPipeline,
  corpus: Corpus,
  from: string,
  to: string,
  count: number,
  concurrency: number,
  model: string,
): Promise<CacheRun> {
  const workspace = await openWorkspace(corpus.root);
  const files = renameFiles(corpus, from, count);
  const cache = new PromptCacheModel();
  const script = {
    workspace,
    files,
    instruction: `Rename \`${from}\` to \`${to}\` and update every use`,
    edit: (file: string, before: string) => ({ file, edits: renameEdits(before, from, to) }),
  };
  scriptRun(p, script, cache);
  const run = await timedRun(p, script, {
    maxWorkers: Math.max(count, 1),
    maxConcurrency: concurrency,
    budgetUsd: 100,
    models: { worker: model },
  });
  const worker = run.result.usage.byRole.worker?.usage;
  const requests = p.mock.requests.filter(isEditCall);
  const input = worker
    ? worker.inputTokens + worker.cacheReadInputTokens + worker.cacheCreationInputTokens
    : NaN;
  const [first, ...rest] = [...requests].sort((a, b) => a.receivedAtMs - b.receivedAtMs);
  const firstAt = first?.receivedAtMs ?? NaN;
  const warmedUp = rest.length > 0 && rest.every((r) => r.receivedAtMs - firstAt >= p.latencyMs);
  const systemPrefix = Math.max(
    0,
    ...requests.map((r) => {
      const system = Array.isArray(r.body.system) ? r.body.system : [];
      return estimateTokens(
        system
          .filter((b) => b.cache_control !== undefined)
          .map((b) => b.text)
          .join('\n'),
      );
    }),
  );
  const done = run.result.outcomes.filter((o) => o.status === 'done').length;
  return {
    model,
    readShare: worker ? worker.cacheReadInputTokens / input : NaN,
    prefix: Math.max(0, ...requests.map((r) => cache.prefixTokens(r.body))),
    systemPrefix,
    warmedUp,
    note:
      `${model}: ${done}/${files.length} workers done, concurrency ${concurrency}, ` +
      (worker
        ? `input ${worker.inputTokens} + write ${worker.cacheCreationInputTokens} + read ${worker.cacheReadInputTokens} tok`
        : 'no worker usage'),
  };
}

/**
 * Prompt-cache reads as a share of worker input tokens in a real pipeline run: the same 20-file rename as
 * the output benchmark, once with the default worker model and once with Sonnet as worker.
 */
export async function cacheShare(
  p: MockPipeline,
  corpus: Corpus,
  from: string,
  to: string,
  count = 20,
  concurrency = 4,
): Promise<BenchResult[]> {
  const base = await cacheRun(p, corpus, from, to, count, concurrency, DEFAULT_WORKER);
  const sonnet = await cacheRun(p, corpus, from, to, count, concurrency, SONNET_WORKER);
  const warm = (r: CacheRun): string =>
    `${r.model}: prefix ${r.prefix} tok (system ${r.systemPrefix}) vs minimum ${minCacheableTokens(r.model)}`;
  return [
    {
      name: 'tokens.cache_read_share',
      value: base.readShare,
      target: 0.5,
      better: 'higher',
      unit: '',
      note: base.note,
    },
    {
      name: 'tokens.cache_read_share_sonnet_worker',
      value: sonnet.readShare,
      target: 0.5,
      better: 'higher',
      unit: '',
      note: sonnet.note,
    },
    {
      name: 'tokens.worker_shared_prefix',
      value: base.prefix,
      target: minCacheableTokens(base.model),
      better: 'higher',
      unit: 'tok',
      note: `tools + cached system; ${base.model} caches only prefixes ≥ target`,
    },
    {
      name: 'tokens.warmup_used',
      value: base.warmedUp ? 1 : 0,
      target: null,
      better: 'higher',
      unit: '',
      note: warm(base),
    },
    {
      name: 'tokens.warmup_used_sonnet_worker',
      value: sonnet.warmedUp ? 1 : 0,
      target: null,
      better: 'higher',
      unit: '',
      note: warm(sonnet),
    },
  ];
}
