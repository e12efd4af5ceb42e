/** The minimal replacement span for apply. Pure. */

/**
 * The smallest single replacement turning `before` into `after` (common prefix/suffix trimmed), so the
 * editor keeps cursors and markers outside it. Never splits a CRLF or a surrogate pair.
 */
export function changedSpan(
  before: string,
  after: string,
): { start: number; end: number; text: string } | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && splitsPair(before, start)) start--;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  if (tail > 0 && splitsPair(before, before.length - tail)) tail--;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

/** True when offset `i` falls between '\r' and '\n' or inside a surrogate pair of `text`. */
function splitsPair(text: string, i: number): boolean {
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  return (
    (prev === 13 && next === 10) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff)
  );
}

export interface TextPosition {
  line: number;
  character: number;
}

/**
 * Line and character of `offset` in `text` as VS Code's text model counts them (a line ends at "\r\n", "\n"
 * or "\r"), so an edit's range can be computed from the file's text without opening its document.
 */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      if (i + 1 >= end) return { line, character: i - lineStart };
      i++;
    } else if (c !== 13 && c !== 10) continue;
    line++;
    lineStart = i + 1;
  }
  return { line, character: end - lineStart };
}
