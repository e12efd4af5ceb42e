/**
 * The `read_lines` helper tool: a worker that sees an excerpt of its file reads any other part of THAT file
 * (never another one) before it edits. Lines come back as `N | text`, like the excerpt's hunks, so search
 * text copied from them (without the `N | `) locates exactly.
 */
import { z } from 'zod';
import { parseToolInput, toolFromSchema } from '../llm/structured';
import { err, ok, type Result } from '../result';

export const READ_TOOL_NAME = 'read_lines';

/** Lines one read returns at most: enough for any declaration, not the whole file again in two calls. */
export const MAX_READ_LINES = 400;

export const ReadLinesSchema = z
  .object({
    start: z.number().int().min(1).describe('First line to read (1-based).'),
    end: z.number().int().min(1).describe('Last line to read (inclusive).'),
  })
  .strict();

export const readLinesTool = toolFromSchema(
  READ_TOOL_NAME,
  'Read lines start..end (1-based, inclusive) of YOUR OWN file, as "N | text". Use it for lines the ' +
    'excerpt does not show; copy search text from the result without the "N | " prefix.',
  ReadLinesSchema,
);

/** Lines of `text` without terminators (a final newline does not start an extra line). */
export function fileLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Serves one read_lines call from the worker's own file; errors are written for the model. */
export function readLines(text: string, input: unknown): Result<string> {
  const parsed = parseToolInput(ReadLinesSchema, input);
  if (!parsed.ok) return parsed;
  const { start, end } = parsed.value;
  const lines = fileLines(text);
  if (lines.length === 0) return err('the file is empty: there are no lines to read');
  if (end < start) return err(`end (${end}) is before start (${start})`);
  if (start > lines.length) {
    return err(`line ${start} is past the end of the file, which has ${lines.length} lines`);
  }
  const wanted = Math.min(end, lines.length);
  const last = Math.min(wanted, start + MAX_READ_LINES - 1);
  const out: string[] = [];
  for (let n = start; n <= last; n++) out.push(`${n} | ${lines[n - 1] ?? ''}`);
  if (last < wanted) {
    out.push(`(at most ${MAX_READ_LINES} lines per read; read from line ${last + 1} for the rest)`);
  } else if (end > lines.length) {
    out.push(`(end of file: it has ${lines.length} lines)`);
  }
  return ok(out.join('\n'));
}
