// The cost report of a merged run (`orchestra merge --json` output) as Markdown: the job summary and the
// pull request's body. Usage: node report.mjs result.json EXIT_CODE
import { readFileSync } from 'node:fs';

const [file, code] = process.argv.slice(2);
const r = JSON.parse(readFileSync(file, 'utf8'));
const usd = (n) => `$${n.toFixed(4)}`;
const u = r.usage;
const tokens = u.usage;
const lines = [
  `### Orchestra refactor: ${r.verdict.kind} (exit ${code})`,
  '',
  `> ${r.instruction}`,
  '',
  r.verdict.message,
  '',
  `**Cost:** ${usd(u.costUsd)} for ${u.calls} calls (estimate ${usd(r.estimate.totalUsd)}, budget ${usd(r.estimate.budgetUsd)})`,
  `**Tokens:** ${tokens.inputTokens} input, ${tokens.cacheReadInputTokens} cache read, ` +
    `${tokens.cacheCreationInputTokens} cache write, ${tokens.outputTokens} output`,
  '',
  '| subtask | file | handler | status | cost |',
  '| --- | --- | --- | --- | --- |',
  ...r.outcomes.map(
    (o) =>
      `| ${o.id ?? ''} | ${o.file} | ${o.handler} | ${o.status}${o.reason ? `: ${o.reason.replace(/\|/g, '\\|')}` : ''} | ${usd(o.costUsd)} |`,
  ),
  '',
  `**Changed files (${r.changes.length}):** ${r.changes.map((c) => `\`${c.file}\``).join(', ') || 'none'}`,
];
if (r.diagnostics.introduced.length > 0) {
  lines.push('', `**New type errors (${r.diagnostics.introduced.length}):**`);
  for (const d of r.diagnostics.introduced) lines.push(`- ${d.file}:${d.line}: ${d.message}`);
}
console.log(lines.join('\n'));
