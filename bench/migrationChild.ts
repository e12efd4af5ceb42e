/**
 * One synthetic migration run in a process of its own (so its peak RSS is its own): the real `planRun` +
 * `executeRun`, the real Anthropic client over HTTP, the loopback mock with a fixed latency and its token-bucket
 * rate limit (429 + retry-after). The orchestrator's answer is scripted at the mock: ONE group naming the
 * references of `fetchJson`, which the engine expands into one worker per caller.
 * Usage: node --import tsx bench/migrationChild.ts '<json MigrationJob>'; prints one `MIGRATION_RESULT <json>` line.
 */
import { rmSync } from 'node:fs';
import { RunConfigSchema } from '../src/core/config';
import { createAnthropicClient } from '../src/core/llm/anthropicClient';
import { estimateTokens } from '../src/core/llm/budget';
import { executeRun, planRun } from '../src/core/pipeline';
import type { PipelineEvent, Stage } from '../src/core/runTypes';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { MockAnthropic, toolUseReply } from '../test/mock-anthropic/server';
import { isPlan, isWorker, workerFile } from '../test/support/mockRequests';
import { MIGRATION_MARKER, type MigrationJob, type MigrationOutput } from './migrationBench';
import { callerIndex, callOf, writeMigrationWorkspace } from './migrationWorkspace';

export const MIGRATION_PLAN = {
  summary: 'Every caller of fetchJson passes { method } instead of the method string.',
  subtasks: [
    {
      file: 'callers of fetchJson',
      handler: 'llm',
      instructions:
        "Pass the method as an options object: fetchJson(url, 'GET') becomes fetchJson(url, { method: 'GET' }).",
      priority: 8,
      tier: 'fast',
      group: { references: { symbol: 'fetchJson', declaredIn: 'src/http.ts' } },
    },
  ],
};

async function run(job: MigrationJob): Promise<MigrationOutput> {
  const { root, callers } = writeMigrationWorkspace(job.callers);
  const mock = await MockAnthropic.start({
    rateLimit: { capacity: job.capacity, refillPerSecond: job.refillPerSecond },
  });
  try {
    const planTokens = estimateTokens(JSON.stringify(MIGRATION_PLAN));
    mock.on(
      isPlan,
      toolUseReply(MIGRATION_PLAN, { usage: { input_tokens: 4000, output_tokens: planTokens } }),
    );
    mock.on(isWorker(), async (req) => {
      const file = workerFile(req) ?? '';
      const call = callOf(callerIndex(file));
      const edits = { file, edits: [{ search: call.before, replace: call.after }] };
      const reply = await toolUseReply(edits, {
        usage: { input_tokens: 900, output_tokens: estimateTokens(JSON.stringify(edits)) },
      })(req);
      // The fixed latency is on the message calls only: token counting is free and not rate-limited.
      return { ...reply, delayMs: job.latencyMs };
    });
    const client = createAnthropicClient({
      apiKey: 'bench-key',
      baseURL: mock.url,
      timeoutMs: 60_000,
      maxRetries: 10,
    });
    const stages: Partial<Record<Stage, number>> = {};
    const start = performance.now();
    const at = (): number => (performance.now() - start) / 1000;
    const deps = {
      workspace: await openWorkspace(root),
      client,
      config: RunConfigSchema.parse({
        maxWorkers: 5000,
        maxConcurrency: job.concurrency,
        budgetUsd: 100,
        maxRetries: 10,
        models: { orchestrator: 'claude-sonnet-4-6', worker: 'claude-haiku-4-5' },
      }),
      onEvent: (e: PipelineEvent) => {
        if (e.type === 'stage') stages[e.stage] ??= at();
      },
    };
    const planned = await planRun(deps, { instruction: 'make every caller of `fetchJson` pass { method }' });
    const planSeconds = at();
    const result = await executeRun(deps, planned);
    const totalSeconds = at();
    const answered = new Map<string, number>();
    const limited = new Set(mock.rateLimited);
    for (const req of mock.requests.filter(isWorker())) {
      if (limited.has(req)) continue;
      const file = workerFile(req) ?? '';
      answered.set(file, (answered.get(file) ?? 0) + 1);
    }
    const planCalls = mock.requests.filter((r) => isPlan(r) && !limited.has(r)).length;
    return {
      callers: job.callers,
      dispatchSeconds: (stages.merge ?? NaN) - (stages.dispatch ?? NaN),
      planSeconds,
      totalSeconds,
      stages,
      planCalls,
      orchestratorOutputTokens: planCalls * planTokens,
      subtasks: result.plan.subtasks.length,
      groupMembers: planned.groups?.[0]?.members.length ?? 0,
      lost: callers.filter((f) => !answered.has(f)).length,
      repeated: [...answered.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
      notDone: result.outcomes.filter((o) => o.status !== 'done').length,
      changedFiles: result.changes.length,
      rateLimited: mock.rateLimited.length,
      maxInFlight: mock.maxInFlight,
      workerPromptChars: meanChars(
        mock.countTokensRequests.filter(isWorker()).map((r) => JSON.stringify(r.body)),
      ),
      newTypeErrors: result.diagnostics.introduced.length,
      verdict: result.verdict.kind,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function meanChars(texts: readonly string[]): number {
  return texts.reduce((sum, t) => sum + t.length, 0) / Math.max(1, texts.length);
}

const job = JSON.parse(process.argv[2] ?? '{}') as MigrationJob;
run(job).then(
  (out) => process.stdout.write(`${MIGRATION_MARKER}${JSON.stringify(out)}\n`),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
