/** Plain-text / Markdown renderings of a plan and a run, shared by the CLI and the extension's report. */
import type { WorkspaceFacts } from './facts/types';
import { planSubtaskLines } from './planLines';
import type {
  CostEstimate,
  FileChange,
  OutOfScopeHunk,
  PlannedRun,
  RefactorResult,
  SubtaskOutcome,
  RunRoles,
  UsageSummary,
} from './runTypes';

/**
 * Model-written text shown in a terminal or a report: control characters (terminal escape sequences
 * among them) are made visible instead of being interpreted. Model output is data, never instructions.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** How a subtask the type-check added is marked wherever outcomes are listed. */
export const ADDED_BY_TYPE_CHECK = 'added by the type-check';

/** " (added by the type-check)" for a follow-up, '' for a planned subtask. */
export function originNote(o: Pick<SubtaskOutcome, 'origin'>): string {
  return o.origin === 'follow-up' ? ` (${ADDED_BY_TYPE_CHECK})` : '';
}

export function usd(value: number): string {
  return `$${value.toFixed(value < 0.01 ? 4 : 3)}`;
}

/**
 * What the budget means for the models priced $0: their calls are limited in tokens. A local endpoint's model
 * has no price known (one can be set); a VS Code chat model has none to set (the user's chat plan pays for it).
 */
export function freeModelsNote(
  e: Pick<CostEstimate, 'freeModels' | 'budgetTokens' | 'freeTokens' | 'chatModels'>,
): string | undefined {
  if (!e.freeModels?.length) return undefined;
  const chat = e.freeModels.filter((m) => e.chatModels?.includes(m) === true);
  const local = e.freeModels.filter((m) => !chat.includes(m));
  const notes: string[] = [];
  if (local.length > 0) {
    const limit = e.budgetTokens === undefined ? '' : `: ${e.budgetTokens}`;
    notes.push(
      `${local.join(', ')} priced $0 (local endpoint, no price known): the budget limits tokens${limit} ` +
        'for those calls (orchestra.budgetTokens / --budget-tokens); set orchestra.prices / --prices to price them',
    );
  }
  if (chat.length > 0) {
    const used = e.freeTokens === undefined ? undefined : e.freeTokens.plan + e.freeTokens.workers;
    const budget = e.budgetTokens === undefined ? 'the token budget' : `the ${e.budgetTokens}-token budget`;
    const share = used === undefined ? `limited by ${budget}` : `${used} tokens of ${budget}`;
    notes.push(
      `${chat.join(', ')} (VS Code chat model${chat.length === 1 ? '' : 's'}, no price): $0; ${share} ` +
        '(orchestra.budgetTokens)',
    );
  }
  return notes.join('; ');
}

/** "27735 tokens estimated for the $0 models' calls, over the 20000-token budget", or undefined when they fit. */
export function overTokenBudgetNote(
  e: Pick<CostEstimate, 'fitsTokens' | 'freeTokens' | 'budgetTokens'>,
): string | undefined {
  if (e.fitsTokens !== false) return undefined;
  const used = (e.freeTokens?.plan ?? 0) + (e.freeTokens?.workers ?? 0);
  return `${used} tokens estimated for the $0 models' calls, over the ${e.budgetTokens ?? 0}-token budget`;
}

export function formatEstimate(e: CostEstimate): string {
  const note = freeModelsNote(e);
  const free = note === undefined ? '' : `; ${note}`;
  const tokens = overTokenBudgetNote(e);
  const over =
    (e.totalUsd > e.budgetUsd ? ' — OVER BUDGET' : '') +
    (tokens === undefined ? '' : ` — OVER THE TOKEN BUDGET (${tokens})`);
  return `estimate ${usd(e.totalUsd)} (plan ${usd(e.planUsd)} + workers ${usd(e.workersUsd)}) of budget ${usd(e.budgetUsd)}${over}${free}`;
}

function tokens(u: UsageSummary['usage']): string {
  return (
    `${u.inputTokens} input + ${u.cacheReadInputTokens} cache-read + ${u.cacheCreationInputTokens} cache-write ` +
    `+ ${u.outputTokens} output tokens`
  );
}

/** Totals, then (when more than one provider served the run) the split by provider. */
export function formatUsage(u: UsageSummary): string {
  const split = Object.entries(u.byProvider ?? {});
  const byProvider =
    split.length > 1
      ? ` [${split.map(([p, r]) => `${p}: ${r.calls} calls, ${tokens(r.usage)}, ${usd(r.costUsd)}`).join('; ')}]`
      : '';
  return `${u.calls} calls, ${tokens(u.usage)}, ${usd(u.costUsd)}${byProvider}`;
}

/** "orchestrator claude-sonnet-4-6 (anthropic), workers gpt-4.1-mini (openai-compatible)". */
export function formatRoles(roles: RunRoles): string {
  const { orchestrator: o, worker: w } = roles;
  return `orchestrator ${o.model} (${o.provider}), workers ${w.model} (${w.provider})`;
}

export function formatPlan(planned: PlannedRun): string {
  const lines = [`Plan: ${printable(planned.plan.summary)}`];
  lines.push(
    ...planSubtaskLines(
      { subtasks: planned.plan.subtasks, priced: planned.estimate.subtasks ?? [], groups: planned.groups },
      { printable, usd },
    ),
  );
  if (planned.plan.subtasks.length === 0) lines.push('  (no files to change)');
  for (const f of planned.droppedFiles) lines.push(`  dropped (over the maxWorkers cap): ${f}`);
  for (const r of planned.rejected) lines.push(`  rejected: ${printable(r.file)}: ${r.reason}`);
  if (planned.roles) lines.push(`Models: ${formatRoles(planned.roles)}`);
  lines.push(formatEstimate(planned.estimate));
  const followUps = formatFollowUpAllowance(planned.estimate);
  if (followUps) lines.push(followUps);
  return lines.join('\n');
}

/**
 * What the estimate leaves out: the type-check's follow-ups (run/followUpBound.ts: two rounds over the files
 * outside the plan that import what it changes, within the free worker slots) and
 * repairs, which run only when the result has new errors. Each such call is still reserved in the budget.
 */
export function formatFollowUpAllowance(e: CostEstimate): string {
  const n = e.followUpCalls ?? 0;
  const followUps = n > 0 ? `follow-ups (up to ${n} call${n === 1 ? '' : 's'}) and ` : '';
  return (
    `not in the estimate: the type-check's ${followUps}repairs (up to 2 calls per file it finds broken), ` +
    'run only if the result does not compile, each reserved in the budget'
  );
}

/** The full run report (Markdown), for "Show Last Run" and `--json`-less CLI summaries. */
export function formatRunReport(r: RefactorResult): string {
  const out: string[] = [
    `# Orchestra run`,
    '',
    `**Instruction:** ${r.instruction}`,
    '',
    `**Seeds:** ${seedList(r.facts)}`,
    '',
    `**Plan:** ${printable(r.plan.summary)}`,
    '',
    ...(r.roles ? [`**Models:** ${formatRoles(r.roles)}`, ''] : []),
    `**Outcome:** ${printable(r.verdict.message)}`,
    '',
  ];
  out.push('| file | handler | outcome | attempts | cost | note |', '|---|---|---|---|---|---|');
  for (const o of r.outcomes) {
    out.push(
      `| ${o.file} | ${o.handler} | ${o.status}${originNote(o)} | ${o.attempts} | ${usd(o.costUsd)} | ${printable(
        o.reason ?? o.notes ?? '',
      )
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ')} |`,
    );
  }
  out.push(...subtaskEstimates(r));
  if (r.droppedFiles.length) out.push('', `**Dropped by the cap:** ${r.droppedFiles.join(', ')}`);
  if (r.rejected?.length) {
    out.push('', '**Rejected by the plan check** (never run):');
    for (const x of r.rejected) out.push(`- ${printable(x.file)}: ${printable(x.reason)}`);
  }
  if (r.outOfScope.length) {
    out.push('', '**Out of scope** (hunks touching nothing their subtask is about):');
    for (const h of r.outOfScope) out.push(`- ${printable(describeHunk(h))}`);
  }
  if (r.obligations.length) {
    out.push('', '**Left to do:**');
    for (const o of r.obligations) out.push(`- ${printable(o.message)}`);
  }
  if (r.conflicts.length) {
    out.push('', '**Conflicts:**');
    for (const c of r.conflicts) out.push(`- ${c.file}: ${c.message}`);
  }
  out.push('', `**Changed files:** ${r.changes.map(describeChange).join(', ') || 'none'}`);
  out.push(
    '',
    `**Usage:** ${formatUsage(r.usage)}`,
    '',
    ...Object.entries(r.usage.byProvider ?? {}).flatMap(([p, u]) => [
      `- ${p}: ${u.calls} calls, ${tokens(u.usage)}, ${usd(u.costUsd)}`,
    ]),
    ...(Object.keys(r.usage.byProvider ?? {}).length > 0 ? [''] : []),
    `**Estimate vs actual:** ${usd(r.estimate.totalUsd)} vs ${usd(r.usage.costUsd)}`,
  );
  if (r.costAlert) out.push('', `**Cost alert:** ${r.costAlert}`);
  const d = r.diagnostics;
  out.push(
    '',
    `**Diagnostics:** ${d.before.length} before, ${d.after.length} after, ${d.introduced.length} introduced`,
  );
  for (const x of d.introduced) out.push(`- ${x.file}:${x.line} TS${x.code} ${x.message}`);
  const env = d.environmental?.length ?? 0;
  if (d.environmentSummary)
    out.push(
      '',
      `**Environment:** ${d.environmentSummary} (${env} ${env === 1 ? 'error' : 'errors'} not counted as new)`,
    );
  if (r.cancelled) out.push('', '**Cancelled:** nothing was applied.');
  return out.join('\n');
}

/**
 * Each subtask's handler, tier and model with its share of the estimate: deterministic steps at $0, a model
 * step without a tier on the worker model ("default").
 */
function subtaskEstimates(r: Pick<RefactorResult, 'plan' | 'estimate'>): string[] {
  const priced = r.estimate.subtasks;
  if (priced === undefined || priced.length === 0) return [];
  const out = [
    '',
    '**Estimate by subtask:**',
    '',
    '| subtask | file | handler | tier | model | estimate | after |',
  ];
  out.push('|---|---|---|---|---|---|---|');
  for (const [i, p] of priced.entries()) {
    const planned = r.plan.subtasks[i];
    const subtask = planned?.file === p.file ? planned : undefined;
    const tier = p.tier ?? (p.model !== undefined ? 'default' : '—');
    const after = subtask?.dependsOn?.join(', ') ?? '';
    out.push(
      `| ${p.id} | ${p.file} | ${p.handler} | ${tier} | ${p.model ?? '—'} | ${usd(p.usd)} | ${after} |`,
    );
  }
  return out;
}

/** `src/a.ts`, `src/old.ts → src/new.ts (moved)`, `src/gone.ts (deleted)`. */
export function describeChange(c: FileChange): string {
  if (c.movedFrom !== undefined) return `${c.movedFrom} → ${c.file} (moved)`;
  return c.deleted === true ? `${c.file} (deleted)` : c.file;
}

/** The seeds the facts were gathered for, in words. */
export function seedList(facts: Pick<WorkspaceFacts, 'seeds'>): string {
  return (
    facts.seeds.map((s) => s.name).join(', ') || 'none (no name in the request declares a workspace symbol)'
  );
}

/** `src/a.ts:12 (kept): + // TODO: tidy this up` — where a hunk is, what became of it, its first line. */
export function describeHunk(h: OutOfScopeHunk): string {
  const fate = h.dropped ? 'dropped' : 'kept';
  const first = h.added.find((l) => l.trim() !== '');
  const shown =
    first !== undefined ? `+ ${first.trim()}` : `- ${(h.removed.find((l) => l.trim() !== '') ?? '').trim()}`;
  const lines = Math.max(h.added.length, h.removed.length);
  return `${h.file}:${h.line} (${fate}, ${lines} line${lines === 1 ? '' : 's'}): ${shown}`;
}

/**
 * The run in lines for a terminal: each subtask's status (with its reason when not done), out-of-scope
 * hunks, what is left to do, new type errors, and the verdict.
 */
export function formatOutcomeLines(r: RefactorResult): string[] {
  const lines = [`Seeds: ${seedList(r.facts)}`];
  for (const o of r.outcomes) {
    const why = o.reason ?? o.notes ?? (o.status === 'unchanged' ? 'no reason given' : '');
    const shown = o.status === 'done' || !why ? '' : `: ${printable(why)}`;
    lines.push(`${o.status}: ${o.file}${originNote(o)}${shown}`);
  }
  for (const h of r.outOfScope) lines.push(`out of scope: ${printable(describeHunk(h))}`);
  for (const o of r.obligations) lines.push(`left to do: ${printable(o.message)}`);
  for (const d of r.diagnostics.introduced)
    lines.push(`new type error: ${d.file}:${d.line} TS${d.code} ${d.message}`);
  lines.push(printable(r.verdict.message));
  return lines;
}
