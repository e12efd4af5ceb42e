/**
 * The subtask lines of the CLI's plan output (`formatPlan` in report.ts): one line per subtask, and a file group
 * as ONE line where its first member is — its id and label, member count, handler, tier, priority, the members'
 * estimate summed, its dependencies and instruction — then its query and the first few member files, "… and N
 * more" beyond them. A 1,000-file group is two lines, not 1,000; `--json` still lists every member subtask.
 */
import type { PlanGroup } from './plan/groupSchema';
import type { Subtask } from './plan/planSchema';
import type { SubtaskEstimate } from './runTypes';

/** Member files a group's line names before "… and N more". */
export const GROUP_FILES_SHOWN = 5;

/** report.ts's `printable` (model-written text made safe for a terminal) and `usd`, passed in: it imports this. */
export interface PlanLineFormat {
  printable: (text: string) => string;
  usd: (value: number) => string;
}

export interface PlanLinesInput {
  subtasks: readonly Subtask[];
  /** The estimate's subtasks, in plan order. */
  priced: readonly SubtaskEstimate[];
  groups?: readonly PlanGroup[];
}

export function planSubtaskLines(input: PlanLinesInput, format: PlanLineFormat): string[] {
  const { subtasks, priced } = input;
  const { printable } = format;
  const groupOf = new Map<string, PlanGroup>();
  for (const g of input.groups ?? []) for (const m of g.members) groupOf.set(m.id, g);
  // A dependency on a group's members is named by the group: "after callers", not its 1,000 member ids.
  const facts = (s: Subtask, cost: SubtaskEstimate | undefined): string =>
    [
      s.handler,
      ...(s.tier ? [s.tier] : []),
      `p${s.priority}`,
      ...(cost ? [`${cost.model ? `${cost.model} ` : ''}${format.usd(cost.usd)}`] : []),
      ...(s.dependsOn?.length
        ? [`after ${[...new Set(s.dependsOn.map((d) => groupOf.get(d)?.id ?? d))].join(', ')}`]
        : []),
    ].join(', ');
  const costOf = (i: number): SubtaskEstimate | undefined => {
    const cost = priced[i];
    return cost?.file === subtasks[i]?.file ? cost : undefined;
  };
  const lines: string[] = [];
  const shown = new Set<PlanGroup>();
  subtasks.forEach((s, i) => {
    const group = s.id === undefined ? undefined : groupOf.get(s.id);
    if (group === undefined) {
      const id = s.id !== undefined ? `${s.id} ` : '';
      const to = s.to === undefined ? '' : ` → ${s.to}`;
      lines.push(`  ${id}${s.file}${to}  [${facts(s, costOf(i))}]  ${printable(s.instructions)}`);
      return;
    }
    if (shown.has(group)) return;
    shown.add(group);
    const ids = new Set(group.members.map((m) => m.id));
    const costs = subtasks.flatMap((m, j) => (m.id !== undefined && ids.has(m.id) ? [costOf(j)] : []));
    const known = costs.filter((c): c is SubtaskEstimate => c !== undefined);
    // Members share the group's tier and so its model; a member not priced leaves the sum out.
    const sum =
      known.length === costs.length && known[0] !== undefined
        ? { ...known[0], usd: known.reduce((total, c) => total + c.usd, 0) }
        : undefined;
    lines.push(
      `  ${group.id} group "${printable(group.label)}": ${printable(group.instructions)} — ${fileCount(group)}` +
        `  [${facts(s, sum)}]`,
    );
    lines.push(`    ${printable(group.query)}: ${memberList(group)}`);
  });
  return lines;
}

/** "3 files", "3 files (4 matched)" when the cap or another subtask took some. */
function fileCount(group: PlanGroup): string {
  const n = group.members.length;
  const matched = group.matched > n ? ` (${group.matched} matched)` : '';
  return `${n} file${n === 1 ? '' : 's'}${matched}`;
}

function memberList(group: PlanGroup): string {
  const files = group.members.map((m) => m.file);
  const first = files.slice(0, GROUP_FILES_SHOWN).join(', ');
  const more = files.length - GROUP_FILES_SHOWN;
  return more > 0 ? `${first} … and ${more} more` : first;
}
