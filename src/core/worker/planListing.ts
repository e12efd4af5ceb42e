/**
 * The plan as every worker's shared prefix lists it. Subtasks that share a handler and an instruction (the
 * members of a file group) are one line with their count and the first few files, so the prefix every worker
 * is sent (and the estimate counts for each) stays the same size whether the group has 10 members or 5,000.
 */
import type { SubtaskFields } from '../plan/subtaskFields';

/** More subtasks than this with one instruction are listed as one line. */
const LISTED_ALIKE = 8;
/** How many of their files that line names. */
const NAMED_FILES = 5;

export function planListing(subtasks: readonly SubtaskFields[]): string {
  const alike = new Map<string, SubtaskFields[]>();
  for (const s of subtasks) {
    const key = `${s.handler}\n${s.instructions}`;
    const same = alike.get(key);
    if (same === undefined) alike.set(key, [s]);
    else same.push(s);
  }
  const lines: string[] = [];
  const listed = new Set<string>();
  for (const s of subtasks) {
    const key = `${s.handler}\n${s.instructions}`;
    const same = alike.get(key) ?? [s];
    if (same.length <= LISTED_ALIKE) {
      lines.push(`- ${s.file} (${s.handler}): ${s.instructions}`);
    } else if (!listed.has(key)) {
      listed.add(key);
      const named = same.slice(0, NAMED_FILES).map((x) => x.file);
      lines.push(
        `- ${same.length} files (${s.handler}), each: ${s.instructions} ` +
          `(${named.join(', ')} and ${same.length - named.length} more)`,
      );
    }
  }
  return lines.join('\n');
}
