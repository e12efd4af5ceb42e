/**
 * Which subtasks of a plan each of N shards runs. Subtasks that must see each other's results stay together:
 * a connected component of `dependsOn`, of the steps on one file, and of any extra links the caller knows
 * (the files a deterministic step changes). Components are weighed by their estimated cost (the tokens of
 * their workers' requests; a deterministic step weighs ~0) and go to the least loaded shard, heaviest first,
 * ties by size then plan order, so a big component does not share its shard with many others and every process
 * that reads the same plan computes the same shares. Without weights each subtask weighs 1 (balanced by count).
 */
import { withIds } from '../plan/dependencies';
import type { Plan } from '../plan/planSchema';

/** `index` is 1-based, as the user writes it: `--shard 2/4`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** `--shard I/N`, or why not. */
export function parseShardSpec(text: string): ShardSpec | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard takes I/N (e.g. 2/4), not "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 256) return `--shard ${text}: N must be between 1 and 256`;
  if (index < 1 || index > count) return `--shard ${text}: I must be between 1 and ${count}`;
  return { index, count };
}

/**
 * Plan indices per shard (shard k at position k-1), each list in plan order. `links`: pairs of plan indices
 * that must share a shard beyond what the plan itself says. `weights`: each subtask's estimated cost in plan
 * order (`subtaskWeights`); without them (or of another length) every subtask weighs 1.
 */
export function assignShards(
  plan: Plan,
  count: number,
  links: ReadonlyArray<readonly [number, number]> = [],
  weights?: readonly number[],
): number[][] {
  const { subtasks } = withIds(plan.subtasks);
  const parent = subtasks.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const join = (a: number, b: number): void => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller index is the root, so a component is named by its first subtask in plan order.
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byId = new Map(subtasks.map((s, i) => [s.id, i]));
  const byFile = new Map<string, number>();
  subtasks.forEach((s, i) => {
    const first = byFile.get(s.file);
    if (first === undefined) byFile.set(s.file, i);
    else join(first, i);
    for (const d of s.dependsOn ?? []) {
      const j = byId.get(d);
      if (j !== undefined) join(i, j);
    }
  });
  for (const [a, b] of links) if (a < subtasks.length && b < subtasks.length) join(a, b);

  const components = new Map<number, number[]>();
  subtasks.forEach((_, i) => {
    const root = find(i);
    components.set(root, [...(components.get(root) ?? []), i]);
  });
  const weightOf = weights?.length === subtasks.length ? (i: number) => weights[i] ?? 0 : () => 1;
  const weighed = [...components.values()].map((members) => ({
    members,
    weight: members.reduce((sum, i) => sum + weightOf(i), 0),
  }));
  const ordered = weighed.sort(
    (a, b) =>
      b.weight - a.weight || b.members.length - a.members.length || (a.members[0] ?? 0) - (b.members[0] ?? 0),
  );
  const shares = Array.from({ length: count }, () => ({ members: [] as number[], weight: 0 }));
  // Lighter first; at equal weight the one with fewer subtasks, then the lower shard number.
  const lighter = (a: (typeof shares)[number], b: (typeof shares)[number]): boolean =>
    a.weight < b.weight || (a.weight === b.weight && a.members.length < b.members.length);
  for (const component of ordered) {
    let lightest = 0;
    for (let k = 1; k < count; k++) if (lighter(shares[k]!, shares[lightest]!)) lightest = k;
    const share = shares[lightest]!;
    share.members.push(...component.members);
    share.weight += component.weight;
  }
  return shares.map((s) => s.members.sort((a, b) => a - b));
}

/** The plan restricted to `indices` (in plan order): what one shard gives the normal dispatch. */
export function sharePlan(plan: Plan, indices: readonly number[]): Plan {
  const keep = new Set(indices);
  return { ...plan, subtasks: plan.subtasks.filter((_, i) => keep.has(i)) };
}
