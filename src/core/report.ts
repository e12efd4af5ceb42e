/** Plain-text / Markdown renderings of a plan and a run, shared by the CLI and the extension's report. */
import type { CostEstimate, PlannedRun, RefactorResult, UsageSummary } from './runTypes';

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
    lines.push(`  ${s.file}  [${s.handler}, p${s.priority}]  ${printable(s.instructions)}`);
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
    `**Plan:** ${printable(r.plan.summary)}`,
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
  if (r.conflicts.length) {
    out.push('', '**Conflicts:**');
    for (const c of r.conflicts) out.push(`- ${c.file}: ${c.message}`);
  }
  out.push('', `**Changed files:** ${r.changes.map((c) => c.file).join(', ') || 'none'}`);
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
