/**
 * The instant stage's scans over raw file bytes (a reused buffer), so a pass over a whole workspace
 * decodes almost nothing: decoding every file into a string churned the V8 young generation and cost
 * ~30 MB of RSS on a 20 MB tree. Each function gives the same answer as its string counterpart.
 */
import { isUtf8 } from 'node:buffer';
import { recordAt, type ImportRecord } from './importScan';
import { checkText, MAX_LINE_LENGTH } from './textChecks';
import { err, ok, type Result } from '../result';

const QUOTE_SINGLE = 0x27;
const QUOTE_DOUBLE = 0x22;
const SEMICOLON = 0x3b;
const NEWLINE = 0x0a;
const CLOSE_PAREN = 0x29;

/** `[\w$]` on one byte (non-ASCII bytes are not word characters for a regex without the u flag). */
function isWordByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x5f ||
    b === 0x24
  );
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === NEWLINE || b === 0x0d || b === 0x0b || b === 0x0c;
}

/** `checkText` on bytes: decodes only files with a line too long to rule out minification by bytes. */
/** The decoded text when it had to be decoded (undefined when the bytes settled it), or why the file is skipped. */
export function checkBytes(bytes: Buffer): Result<string | undefined> {
  if (!isUtf8(bytes) || bytes.includes(0)) return err('not UTF-8 text');
  let start = 0;
  let longest = 0;
  while (start <= bytes.length) {
    let nl = bytes.indexOf(NEWLINE, start);
    if (nl === -1) nl = bytes.length;
    if (nl - start > longest) longest = nl - start;
    start = nl + 1;
  }
  // A line is never longer in UTF-16 units than in bytes, so short byte lines settle it.
  if (longest <= MAX_LINE_LENGTH) return ok(undefined);
  return checkText(bytes.toString('utf8'), () => bytes);
}

/** Whether the bytes contain `word` (ASCII) as a whole word, like `wordRegExp(word).test(text)`. */
export function bytesHaveWord(bytes: Buffer, word: string): boolean {
  for (let i = bytes.indexOf(word, 0, 'latin1'); i !== -1; i = bytes.indexOf(word, i + 1, 'latin1')) {
    const before = i > 0 ? (bytes[i - 1] as number) : -1;
    const after = i + word.length < bytes.length ? (bytes[i + word.length] as number) : -1;
    if (!isWordByte(before) && !isWordByte(after)) return true;
  }
  return false;
}

const KEYWORDS = ['import', 'export', 'require'];

/**
 * `scanImports` on bytes. Every import form starts at a keyword and its first quote (before any `;`)
 * opens the specifier, so each match fits a small window: keyword … closing quote (… `)`). Only those
 * windows are decoded and matched.
 */
export function scanImportBytes(bytes: Buffer): ImportRecord[] {
  const starts: number[] = [];
  for (const kw of KEYWORDS) {
    for (let i = bytes.indexOf(kw, 0, 'latin1'); i !== -1; i = bytes.indexOf(kw, i + kw.length, 'latin1')) {
      starts.push(i);
    }
  }
  if (starts.length === 0) return [];
  starts.sort((a, b) => a - b);
  const records: ImportRecord[] = [];
  let consumed = 0;
  for (const start of starts) {
    if (start < consumed) continue; // inside the previous match, as a global regex would skip it
    const prev = start > 0 ? (bytes[start - 1] as number) : -1;
    if (isWordByte(prev) || prev === 0x2e) continue; // (?<![\w$.])
    const end = windowEnd(bytes, start);
    if (end === undefined) continue;
    // `export` only imports in `export … from 'x'`: most `export const` windows need no decoding.
    if (bytes[start] === 0x65 && !hasFrom(bytes, start + 6, end)) continue;
    const window = bytes.toString('utf8', start, end);
    const found = recordAt(window);
    if (found === undefined) continue;
    if (found.record !== undefined) records.push(found.record);
    consumed = start + Buffer.byteLength(window.slice(0, found.length), 'utf8');
  }
  return records;
}

/** Whether `from` occurs in bytes[from, to). */
function hasFrom(bytes: Buffer, start: number, end: number): boolean {
  const at = bytes.indexOf('from', start, 'latin1');
  return at !== -1 && at < end;
}

/** End (exclusive) of the only window an import starting at `start` can span, or undefined. */
function windowEnd(bytes: Buffer, start: number): number | undefined {
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === SEMICOLON) return undefined;
    if (b === QUOTE_SINGLE || b === QUOTE_DOUBLE) break;
    i++;
  }
  if (i >= bytes.length) return undefined;
  const quote = bytes[i] as number;
  let j = i + 1;
  while (j < bytes.length) {
    const b = bytes[j] as number;
    if (b === QUOTE_SINGLE || b === QUOTE_DOUBLE || b === NEWLINE) break;
    j++;
  }
  if (j >= bytes.length || bytes[j] !== quote || j === i + 1) return undefined;
  let end = j + 1;
  // `require('x')` / `import('x')` end with `\s*)`.
  let k = end;
  while (k < bytes.length && isSpace(bytes[k] as number)) k++;
  if (k < bytes.length && bytes[k] === CLOSE_PAREN) end = k + 1;
  return end;
}
