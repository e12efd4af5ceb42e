/** Plain-text / Markdown renderings of a plan and a run, shared by the CLI and the extension's report. */
import type { WorkspaceFacts } from './facts/types';
import type {
  CostEstimate,
  FileChange,
  OutOfScopeHunk,
  PlannedRun,
  RefactorResult,
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

export function usd(value: number): string {
  return `$${value.toFixed(value < 0.01 ? 4 : 3)}`;
}

export function formatEstimate(e: CostEstimate): string {
  return `estimate ${usd(e.totalUsd)} (plan ${usd(e.planUsd)} + workers ${usd(e.workersUsd)}) of budget ${usd(e.budgetUsd)}${e.fitsBudget ? '' : ' — OVER BUDGET'}`;
}

export function formatUsage(u: UsageSummary): string {
  const t = u.usage;
  return (
    `${u.calls} calls, ${t.inputTokens} input + ${t.cacheReadInputTokens} cache-read + ${t.cacheCreationInputTokens} cache-write ` +
    `+ ${t.outputTokens} output tokens, ${usd(u.costUsd)}`
  );
}

export function formatPlan(planned: PlannedRun): string {
  const lines = [`Plan: ${printable(planned.plan.summary)}`];
  for (const s of planned.plan.subtasks)
    lines.push(
      `  ${s.file}${s.to === undefined ? '' : ` → ${s.to}`}  [${s.handler}, p${s.priority}]  ${printable(s.instructions)}`,
    );
  if (planned.plan.subtasks.length === 0) lines.push('  (no files to change)');
  for (const f of planned.droppedFiles) lines.push(`  dropped (over the maxWorkers cap): ${f}`);
  for (const r of planned.rejected) lines.push(`  rejected: ${printable(r.file)}: ${r.reason}`);
  lines.push(formatEstimate(planned.estimate));
  return lines.join('\n');
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
    `**Outcome:** ${printable(r.verdict.message)}`,
    '',
  ];
  out.push('| file | handler | outcome | attempts | cost | note |', '|---|---|---|---|---|---|');
  for (const o of r.outcomes) {
    out.push(
      `| ${o.file} | ${o.handler} | ${o.status} | ${o.attempts} | ${usd(o.costUsd)} | ${printable(
        o.reason ?? o.notes ?? '',
      )
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ')} |`,
    );
  }
  if (r.droppedFiles.length) out.push('', `**Dropped by the cap:** ${r.droppedFiles.join(', ')}`);
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
    lines.push(`${o.status}: ${o.file}${o.status === 'done' || !why ? '' : `: ${printable(why)}`}`);
  }
  for (const h of r.outOfScope) lines.push(`out of scope: ${printable(describeHunk(h))}`);
  for (const o of r.obligations) lines.push(`left to do: ${printable(o.message)}`);
  for (const d of r.diagnostics.introduced)
    lines.push(`new type error: ${d.file}:${d.line} TS${d.code} ${d.message}`);
  lines.push(printable(r.verdict.message));
  return lines;
}
