/**
 * The follow-up for a worker that changed nothing in a file the plan says must change: its subtask again,
 * and the lines of its file that mention the plan's symbols (line-numbered, as data).
 */
import { linesMentioning, renderHunks } from '../facts/slices';
import type { SubtaskFields } from '../plan/subtaskFields';
import { dataBlock } from './dataBlock';
import { fileLines, READ_TOOL_NAME } from './readLines';
import { EDIT_TOOL_NAME } from './workerPrompt';

/** Lines listed at most; read_lines shows the others. */
export const MAX_REASK_LINES = 120;

export function reaskMessage(subtask: SubtaskFields, text: string, terms: readonly string[]): string {
  const lines = fileLines(text);
  const hits = linesMentioning(lines, terms);
  const shown = hits.slice(0, MAX_REASK_LINES);
  const names = terms.join(', ');
  let where: string;
  if (terms.length === 0) {
    where = '';
  } else if (shown.length === 0) {
    where = `No line of your file mentions ${names}.`;
  } else {
    const more = hits.length - shown.length;
    const label =
      `the lines of ${subtask.file} that mention ${names}` +
      (more > 0 ? `; ${more} more are not listed (${READ_TOOL_NAME} shows them)` : '');
    where = dataBlock(
      'file',
      subtask.file,
      label,
      renderHunks(
        lines,
        shown.map((n): [number, number] => [n, n]),
      ),
    );
  }
  return [
    `Your ${EDIT_TOOL_NAME} call changed nothing in ${subtask.file}, but the plan says this file must change.`,
    `Your subtask: ${subtask.instructions}`,
    where,
    `Make the change now, with search text copied from your file (without the "N | " line numbers; ` +
      `${READ_TOOL_NAME} shows any other line). If the file really needs no change, call ${EDIT_TOOL_NAME} ` +
      `with no edits and say why in "notes".`,
  ]
    .filter(Boolean)
    .join('\n\n');
}
