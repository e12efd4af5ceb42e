/**
 * The request of a fix after the type-check: a repair (a file the run owns) or a follow-up (a file outside the
 * plan the type-check added). It reuses a worker's system prompt and tools (the cached prefix) and carries the
 * new errors with their related locations, the declarations the change altered in the files the errors point
 * into and those files' diffs, and the file — whole when it fits, else an excerpt around the errors with
 * read_lines for the rest. It says: keep the refactoring; fix this file to match it.
 */
import { estimateTokens } from '../llm/budget';
import type { ModelRequest } from '../llm/modelClient';
import type { Diagnostic } from '../runTypes';
import { renderHunks } from '../facts/slices';
import { dataBlock } from './dataBlock';
import { READ_TOOL_NAME } from './readLines';
import type { WorkerRequest } from './workerPrompt';

/** The words only a repair request carries (test/support/mockRequests.ts matches them). */
export const REPAIR_PHRASE = 'the refactoring left new type errors';
/** The words only a follow-up request carries. */
export const FOLLOW_UP_PHRASE = 'added by the type-check';
export const KEEP_PHRASE = 'Keep the refactoring; fix this file to match it.';

export interface PointedFile {
  file: string;
  /** The declarations the change altered, after it ('' when none). */
  declarations: string;
  diff: string;
}

export interface FixRequestInput {
  kind: 'repair' | 'follow-up';
  file: string;
  /** The file's text now (after the refactoring and any earlier round). */
  text: string;
  diagnostics: readonly Diagnostic[];
  /** Why the fix goes here when the errors show in other files. */
  cause?: string;
  pointsInto: readonly PointedFile[];
  /** A worker request of the run: its system prompt, tools, model and output allowance are reused. */
  template: ModelRequest;
  /** A file up to this many tokens is sent whole (`workerFileTokens`). */
  fileTokens: number;
  label: string;
}

/** Lines of context around each error in an excerpt. */
const EXCERPT_CONTEXT = 12;

export function buildFixRequest(input: FixRequestInput): WorkerRequest {
  const { file } = input;
  const subtask =
    input.kind === 'repair'
      ? `Your subtask: ${REPAIR_PHRASE} ${input.cause === undefined ? 'in this file' : 'that this file causes'}. ` +
        `Fix them without undoing the refactoring. ${KEEP_PHRASE}`
      : `Your subtask (${FOLLOW_UP_PHRASE}): this file is outside the plan, but the refactoring changed ` +
        `declarations it uses and the type-check found new errors in it. ${KEEP_PHRASE}`;
  const parts = [`Your file: ${file}`, subtask];
  if (input.cause !== undefined) parts.push(`Cause: ${input.cause}.`);
  parts.push(`New type errors:\n${input.diagnostics.map((d) => describe(d, file)).join('\n')}`);
  for (const p of input.pointsInto) {
    if (p.declarations)
      parts.push(
        dataBlock('definition', p.file, 'declarations the change altered, after it', p.declarations),
      );
    if (p.diff) parts.push(dataBlock('definition', p.file, 'diff of the change', p.diff));
  }
  parts.push(fileText(input));
  return {
    ...input.template,
    role: input.kind === 'repair' ? 'repair' : 'follow-up',
    label: input.label,
    messages: [{ role: 'user', content: parts.join('\n\n') }],
  };
}

/** `- line 4: TS2345 …` in the file itself, `- src/a.ts line 4: TS2345 …` in another; related locations below. */
function describe(d: Diagnostic, file: string): string {
  const where = d.file === file ? `line ${d.line}` : `${d.file} line ${d.line}`;
  const related = (d.related ?? []).map((r) => `\n  related: ${r.file}:${r.line}: ${r.message}`).join('');
  return `- ${where}: TS${d.code} ${d.message}${related}`;
}

function fileText(input: FixRequestInput): string {
  const { file, text } = input;
  if (estimateTokens(text) <= input.fileTokens)
    return dataBlock('file', file, 'whole file, after the refactoring', text);
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const at = input.diagnostics.filter((d) => d.file === file).map((d) => d.line);
  const ranges: Array<[number, number]> = (at.length > 0 ? at : [1]).map((l) => [
    Math.max(1, l - EXCERPT_CONTEXT),
    Math.min(lines.length, l + EXCERPT_CONTEXT),
  ]);
  const label =
    `excerpt of a ${lines.length}-line file after the refactoring, around the errors; ` +
    `${READ_TOOL_NAME} shows any other line`;
  return dataBlock('file', file, label, renderHunks(lines, ranges));
}
