/** Line-level views of a text that keep exact offsets, shared by edit location and merging. */

export interface Line {
  /** The line without its terminator. */
  content: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the content (before the terminator). */
  end: number;
  /** Offset of the next line (past the terminator), or the text length. */
  next: number;
}

/** Lines of `text`; a final line terminator does not start an extra empty line. */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    const end = nl === -1 ? text.length : nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    out.push({ content: text.slice(start, end), start, end, next });
    start = next;
  }
  return out;
}

/** Lines with their terminators kept, so joining them gives the text back exactly. */
export function splitKeepingEol(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** The file's dominant line ending. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Converts every line ending in `text` to `eol`. */
export function toEol(text: string, eol: string): string {
  const lf = text.replace(/\r\n/g, '\n');
  return eol === '\n' ? lf : lf.replace(/\n/g, eol);
}

/** A line compared ignoring leading/trailing whitespace and the width of internal runs. */
export function lineKey(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/** 1-based line number of an offset. */
export function lineNumberAt(lines: Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
