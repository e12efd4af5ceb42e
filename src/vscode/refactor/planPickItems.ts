/**
 * The rows of the plan review QuickPick (planReview.ts), without `vscode` (unit-tested): one row per subtask, and
 * a file group as ONE row at its first member's place — "group <label>: <instruction> — N files" — whose review
 * keys are all of its members' (the Plan view's keys, planViewGroups.ts), so unticking it drops every member and
 * editing it sets every member's instruction. The run gets exactly the ticked rows' subtasks (`excludedKeys`).
 */
import type { PlanGroup } from '../../core/plan/groupSchema';
import type { Subtask } from '../../core/plan/planSchema';
import { usd } from '../../core/report';
import type { SubtaskEstimate } from '../../core/runTypes';
import type { PlannedRunData } from '../engine/protocol';
import { NOT_FOUND_BY_ANALYSIS } from './analysisCheck';
import { reviewKeys } from './planEdits';
import { groupIndex, planRows } from './planViewGroups';

/** Member files a group's row names before "… and N more". */
export const GROUP_FILES_SHOWN = 5;

export interface PickRow {
  /** The review keys this row ticks and edits: one subtask's, or every member's of a group, in plan order. */
  readonly keys: readonly string[];
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  /** What the instruction input box is titled after and prefilled with. */
  readonly editTitle: string;
  readonly instruction: string;
}

export interface PickRowsInput {
  planned: Pick<PlannedRunData, 'plan' | 'estimate' | 'groups'>;
  /** Edited instructions by review key. */
  instructions: Readonly<Record<string, string>>;
  /** Files the analysis did not find (analysisCheck.ts). */
  unfound: ReadonlySet<string>;
}

export function pickRows(input: PickRowsInput): PickRow[] {
  const { plan, estimate } = input.planned;
  const keys = reviewKeys(plan);
  const indexOf = new Map(keys.map((k, i) => [k, i]));
  const priced = (i: number): SubtaskEstimate | undefined => estimate.subtasks?.[i];
  return planRows(plan.subtasks, keys, groupIndex(input.planned.groups)).map((row) => {
    if (row.kind === 'subtask') {
      const s = row.subtask;
      const i = indexOf.get(row.key) ?? -1;
      const instruction = input.instructions[row.key] ?? s.instructions;
      return {
        keys: [row.key],
        label: s.file,
        description:
          `${s.handler}${s.rename ? ` ${s.rename.from} → ${s.rename.to}` : ''} · priority ${s.priority}` +
          stepFacts({ ...s, dependsOn: dependencyNames(s.dependsOn, input.planned.groups) }, priced(i)) +
          (input.unfound.has(s.file) ? ` · ⚠ ${NOT_FOUND_BY_ANALYSIS}` : ''),
        detail: instruction,
        editTitle: s.file,
        instruction,
      };
    }
    return groupRow(row.group, input, (key) => indexOf.get(key) ?? -1);
  });
}

function groupRow(group: PlanGroup, input: PickRowsInput, indexOf: (key: string) => number): PickRow {
  const { plan, estimate } = input.planned;
  // A member's review key is its id (reviewKeys): the group's row ticks exactly those.
  const keys = group.members.map((m) => m.id);
  const first = plan.subtasks[indexOf(keys[0] ?? '')];
  const instruction = input.instructions[keys[0] ?? ''] ?? group.instructions;
  const n = keys.length;
  const costs = keys.map((k) => {
    const i = indexOf(k);
    const cost = estimate.subtasks?.[i];
    return cost?.file === plan.subtasks[i]?.file ? cost : undefined;
  });
  const known = costs.filter((c): c is SubtaskEstimate => c !== undefined);
  // Members share the group's tier and so its model; the row shows their estimates summed.
  const sum =
    first !== undefined && known[0] !== undefined && known.length === costs.length
      ? { ...known[0], file: first.file, usd: known.reduce((t, c) => t + c.usd, 0) }
      : undefined;
  const facts =
    first === undefined
      ? ''
      : stepFacts(
          { ...first, id: group.id, dependsOn: dependencyNames(first.dependsOn, input.planned.groups) },
          sum,
        );
  const matched = group.matched > n ? ` (${group.matched} matched)` : '';
  const unfound = group.members.filter((m) => input.unfound.has(m.file)).length;
  const files = group.members.map((m) => m.file);
  const more = files.length - GROUP_FILES_SHOWN;
  return {
    keys,
    label: `group ${group.label}: ${instruction} — ${n} file${n === 1 ? '' : 's'}`,
    description:
      `${group.handler} group · ${group.query}${matched} · priority ${first?.priority ?? '?'}` +
      facts +
      (unfound > 0 ? ` · ⚠ ${unfound} ${NOT_FOUND_BY_ANALYSIS}` : ''),
    detail: files.slice(0, GROUP_FILES_SHOWN).join(', ') + (more > 0 ? ` … and ${more} more` : ''),
    editTitle: `group ${group.label} (${n} file${n === 1 ? '' : 's'})`,
    instruction,
  };
}

/** Dependencies with a group's members named by the group ("after callers", not its 1,000 member ids). */
function dependencyNames(
  dependsOn: readonly string[] | undefined,
  groups: readonly PlanGroup[] | undefined,
): string[] | undefined {
  if (dependsOn === undefined) return undefined;
  const index = groupIndex(groups);
  return [...new Set(dependsOn.map((d) => index.get(d)?.id ?? d))];
}

/** A step's id, order, tier and estimate: a deterministic step shows $0, a model step its tier's model. */
export function stepFacts(s: Subtask, priced: SubtaskEstimate | undefined): string {
  const parts: string[] = [];
  if (s.id !== undefined) parts.push(`id ${s.id}`);
  if (s.dependsOn?.length) parts.push(`after ${s.dependsOn.join(', ')}`);
  if (priced?.file === s.file) {
    const tier = s.tier ?? (priced.model !== undefined ? 'default tier' : undefined);
    if (tier !== undefined) parts.push(`${tier}${priced.model ? ` (${priced.model})` : ''}`);
    parts.push(`est. ${usd(priced.usd)}`);
  }
  return parts.map((p) => ` · ${p}`).join('');
}

/** A row is shown ticked when none of its keys is excluded. */
export function isRowTicked(row: PickRow, excluded: ReadonlySet<string>): boolean {
  return row.keys.every((k) => !excluded.has(k));
}

/** The review keys to exclude: every key of every row left unticked. */
export function excludedKeys(rows: readonly PickRow[], ticked: ReadonlySet<PickRow>): string[] {
  return rows.filter((r) => !ticked.has(r)).flatMap((r) => r.keys);
}

/** An edited instruction on a row: every key it holds gets it (a group's members share one instruction). */
export function editRow(instructions: Record<string, string>, row: PickRow, text: string): void {
  for (const k of row.keys) instructions[k] = text;
}
