/**
 * File groups expanded into per-file subtasks, right after ids are assigned and before the plan's per-subtask
 * checks: each member is an ordinary subtask (its own id `<group id>.<n>`, the group's handler, instruction,
 * priority, tier and dependencies), so the same-file rules, the handlers' checks, the cap and the estimate treat
 * it like any other. `dependsOn` naming a group means all of its members. A group that cannot be expanded (a
 * query naming a path outside the workspace, one matching nothing, a handler that takes no group) is refused
 * as a whole with why, and re-asked about like any invalid subtask.
 */
import { HANDLERS } from '../handlers/registry';
import { err, ok, type Result } from '../result';
import type { Workspace } from '../workspace/workspace';
import type { IdentifiedSubtask } from './dependencies';
import { describeGroup, GROUP_QUERIES, type Group, type PlanGroup } from './groupSchema';
import { exceptedFiles, globFiles, importingFiles, referencingFiles } from './groupQueries';

export interface GroupHost {
  /** The workspace the queries run on; without it a group cannot be expanded. */
  readonly workspace?: Workspace;
}

/** A group as expanded, before the plan's checks keep or drop its members. */
export interface ExpandedGroup extends Omit<PlanGroup, 'members'> {
  /** Its members' ids, in order. */
  readonly memberIds: readonly string[];
}

export interface GroupExpansion {
  /** The plan's subtasks with every group replaced by its members, in plan order. */
  subtasks: IdentifiedSubtask[];
  groups: ExpandedGroup[];
  /** Member id → its group, for messages that name the group. */
  memberOf: ReadonlyMap<string, ExpandedGroup>;
  /** Groups refused as a whole (`file`: how the plan check names a group), with why. */
  rejected: Array<{ file: string; reason: string }>;
}

/** Handlers whose subtasks may name their files by a group (`Handler.takesGroup`). */
export const GROUP_HANDLERS: readonly string[] = HANDLERS.filter((h) => h.takesGroup === true).map(
  (h) => h.name,
);

/** How messages name a group: `group g1 ("callers of fetchJson")`. */
export function groupName(g: { id: string; label: string }): string {
  return `group ${g.id} ("${g.label}")`;
}

export function expandGroups(subtasks: readonly IdentifiedSubtask[], host: GroupHost): GroupExpansion {
  const expansion: GroupExpansion = { subtasks: [], groups: [], memberOf: new Map(), rejected: [] };
  if (!subtasks.some((s) => s.group !== undefined)) return { ...expansion, subtasks: [...subtasks] };
  const taken = new Set(subtasks.map((s) => s.id));
  const membersOf = new Map<string, string[]>();
  const memberOf = new Map<string, ExpandedGroup>();
  for (const subtask of subtasks) {
    const { group, ...common } = subtask;
    if (group === undefined) {
      expansion.subtasks.push(subtask);
      continue;
    }
    const name = groupName({ id: subtask.id, label: subtask.file });
    const files = groupFiles(subtask, group, host);
    membersOf.set(subtask.id, []);
    if (!files.ok) {
      expansion.rejected.push({ file: name, reason: files.error });
      continue;
    }
    const memberIds = files.value.map((_, i) => memberId(subtask.id, i + 1, taken));
    const expanded: ExpandedGroup = {
      id: subtask.id,
      label: subtask.file,
      query: describeGroup(group),
      handler: subtask.handler,
      instructions: subtask.instructions,
      matched: files.value.length,
      memberIds,
    };
    files.value.forEach((file, i) => {
      const id = memberIds[i] as string;
      expansion.subtasks.push({ ...common, file, id });
      memberOf.set(id, expanded);
    });
    membersOf.set(subtask.id, memberIds);
    expansion.groups.push(expanded);
  }
  // A dependency on a group is one on each of its members (none for a group that was refused).
  expansion.subtasks = expansion.subtasks.map((s) =>
    s.dependsOn?.some((d) => membersOf.has(d))
      ? { ...s, dependsOn: [...new Set(s.dependsOn.flatMap((d) => membersOf.get(d) ?? [d]))] }
      : s,
  );
  return { ...expansion, memberOf };
}

/** The files a group names, or why it cannot be expanded. */
function groupFiles(subtask: IdentifiedSubtask, group: Group, host: GroupHost): Result<string[]> {
  if (!GROUP_HANDLERS.includes(subtask.handler)) {
    return err(
      `handler "${subtask.handler}" takes no group; only ${GROUP_HANDLERS.map((h) => `"${h}"`).join(', ')} ` +
        'subtasks may name their files by a group (give each file its own subtask otherwise)',
    );
  }
  if (subtask.to !== undefined) return err('a group takes no "to"');
  const kinds = GROUP_QUERIES.filter((k) => group[k] !== undefined);
  if (kinds.length !== 1) {
    return err(
      `a group names exactly one of ${GROUP_QUERIES.map((k) => `"${k}"`).join(', ')}` +
        (kinds.length > 1 ? ` (this one names ${kinds.join(' and ')}); use one group per query` : ''),
    );
  }
  const ws = host.workspace;
  if (ws === undefined)
    return err('a group cannot be expanded without the workspace; name its files one by one');
  const found = query(ws, group);
  if (!found.ok) return found;
  const except = exceptedFiles(ws, group.except ?? []);
  if (!except.ok) return except;
  const files = found.value.filter((f) => !except.value.has(ws.resolveInside(f) ?? f));
  if (files.length === 0) {
    const left = except.value.size > 0 && found.value.length > 0 ? ' once "except" is left out' : '';
    return err(
      `${describeGroup(group)} matched no workspace file${left}; leave the group out or name its files`,
    );
  }
  return ok(files);
}

function query(ws: Workspace, group: Group): Result<string[]> {
  if (group.references) return referencingFiles(ws, group.references.symbol, group.references.declaredIn);
  if (group.importersOf !== undefined) return importingFiles(ws, group.importersOf);
  if (group.glob !== undefined) return globFiles(ws, group.glob);
  // A listed path is checked like any subtask's (outside, unknown, skipped): its member is refused alone.
  const seen = new Set<string>();
  return ok(
    (group.files ?? []).filter((f) => {
      const key = ws.resolveInside(f) ?? f;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}

/** `<group id>.<n>`, within the id pattern's 40 characters and not taken by another subtask. */
function memberId(group: string, n: number, taken: Set<string>): string {
  const suffix = `.${n}`;
  let id = `${group.slice(0, 40 - suffix.length)}${suffix}`;
  for (let k = 2; taken.has(id); k++) id = `${group.slice(0, 36 - suffix.length)}${suffix}_${k}`;
  taken.add(id);
  return id;
}
