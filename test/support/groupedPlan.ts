/**
 * A plan with a file group, for the plan review's row tests: `fetchJson`'s declaration, its three callers as the
 * group `callers`, and a step on src/main.ts planned between the second and third member.
 */
import type { PlanGroup } from '../../src/core/plan/groupSchema';
import type { Subtask } from '../../src/core/plan/planSchema';

/** The group's members, in plan order. */
const CALLERS = [
  { id: 'callers.1', file: 'src/a.ts' },
  { id: 'callers.2', file: 'src/b.ts' },
  { id: 'callers.3', file: 'src/c.ts' },
];

/** The callers of `fetchJson` as one llm group (4 references matched, 3 files). */
export const CALLERS_GROUP: PlanGroup = {
  id: 'callers',
  label: 'callers of fetchJson',
  query: 'references of fetchJson (declared in src/http.ts)',
  handler: 'llm',
  instructions: 'pass { method }',
  matched: 4,
  members: CALLERS,
};

/** The plan's five subtasks: `decl` (on src/http.ts), callers 1 and 2, `between` (on src/main.ts), caller 3. */
export function callersSubtasks(
  decl: Subtask,
  member: (id: string, file: string) => Subtask,
  between: Subtask,
): Subtask[] {
  const [first, second, third] = CALLERS.map((c) => member(c.id, c.file)) as [Subtask, Subtask, Subtask];
  return [decl, first, second, between, third];
}
