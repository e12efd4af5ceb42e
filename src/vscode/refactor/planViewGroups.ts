/**
 * File groups in the plan view, without `vscode` (unit-tested): a group's members are one row at the place of
 * its first member, which expands to them; ticking or unticking that row ticks or unticks every member.
 */
import type { PlanGroup } from '../../core/plan/groupSchema';
import type { Subtask } from '../../core/plan/planSchema';
import type { PlanReviewModel } from './planReviewModel';

/** `key`: the subtask's review key (planEdits' `reviewKeys`); a member's is its id. */
export type PlanRow =
  { kind: 'subtask'; subtask: Subtask; key: string } | { kind: 'group'; group: PlanGroup };

/** Member subtask id → its group, built once per plan shown. */
export function groupIndex(groups: readonly PlanGroup[] | undefined): Map<string, PlanGroup> {
  const index = new Map<string, PlanGroup>();
  for (const group of groups ?? []) for (const m of group.members) index.set(m.id, group);
  return index;
}

/** The top-level rows: each subtask outside a group, each group once (where its first member is). */
export function planRows(
  subtasks: readonly Subtask[],
  keys: readonly string[],
  index: ReadonlyMap<string, PlanGroup>,
): PlanRow[] {
  const rows: PlanRow[] = [];
  const shown = new Set<PlanGroup>();
  for (const [i, subtask] of subtasks.entries()) {
    const group = subtask.id === undefined ? undefined : index.get(subtask.id);
    if (group === undefined) rows.push({ kind: 'subtask', subtask, key: keys[i] ?? subtask.file });
    else if (!shown.has(group)) {
      shown.add(group);
      rows.push({ kind: 'group', group });
    }
  }
  return rows;
}

/** The group's member subtasks, in plan order. */
export function memberSubtasks(subtasks: readonly Subtask[], group: PlanGroup): Subtask[] {
  const ids = new Set(group.members.map((m) => m.id));
  return subtasks.filter((s) => s.id !== undefined && ids.has(s.id));
}

export function tickedMembers(model: PlanReviewModel, group: PlanGroup): number {
  return group.members.filter((m) => model.isTicked(m.id)).length;
}

/** Unticking the group's row drops every member from the run; ticking it brings them all back. */
export function setGroupTicked(model: PlanReviewModel, group: PlanGroup, ticked: boolean): void {
  for (const m of group.members) model.setTicked(m.id, ticked);
}

/** The row's description: handler, how many members (ticked), the query, the shared instruction. */
export function groupDescription(model: PlanReviewModel, group: PlanGroup): string {
  const ticked = tickedMembers(model, group);
  const count = group.members.length;
  const files = ticked === count ? `${count} files` : `${ticked} of ${count} files ticked`;
  const matched = group.matched > count ? ` (${group.matched} matched)` : '';
  return `${group.handler} group · ${files}${matched} · ${group.query} · ${group.instructions}`;
}
