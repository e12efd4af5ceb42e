/** Decides whether a file's bytes are source a model should see (text, not minified or generated). */
import { err, ok, type Result } from '../result';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** Lines longer than this count as minified/generated when they dominate a file. */
export const MAX_LINE_LENGTH = 1000;

// The BOM is kept: hashOf(text) must equal the sha256 of the file's bytes, which apply compares against.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The decoded text, or why the file is skipped. */
export type TextCheck = Result<string>;

/** Decodes strict UTF-8 (a BOM stays in the text); undefined for anything else. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Longest line and how many characters sit on lines longer than MAX_LINE_LENGTH. */
export function lineStats(text: string): { longest: number; longChars: number; lines: number } {
  let longest = 0;
  let longChars = 0;
  let lines = 0;
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const length = nl - start;
    if (length > longest) longest = length;
    if (length > MAX_LINE_LENGTH) longChars += length;
    lines++;
    start = nl + 1;
  }
  return { longest, longChars, lines };
}

/**
 * Minified or generated: long lines that make up most of the file (or a huge average line). A test
 * with one long string literal, or a type file with a few long unions, stays.
 */
export function looksMinified(text: string): { longest: number } | undefined {
  const { longest, longChars, lines } = lineStats(text);
  if (longest <= MAX_LINE_LENGTH) return undefined;
  return longChars >= 0.75 * text.length || text.length / lines > 300 ? { longest } : undefined;
}

export function checkText(lenient: string, rawBytes: () => Uint8Array): TextCheck {
  let text = lenient;
  if (text.includes('\uFFFD') || text.includes('\0')) {
    const strict = decodeUtf8(rawBytes());
    if (strict === undefined) return err('not UTF-8 text');
    text = strict;
  }
  const minified = looksMinified(text);
  if (minified !== undefined) {
    return err(`minified or generated (a line of ${minified.longest} characters)`);
  }
  return ok(text);
}

export function tooLargeReason(size: number, max: number): string {
  return `larger than ${formatBytes(max)} (${formatBytes(size)})`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Word-boundary regex for an identifier (`$` and `_` count as word characters). */
export function wordRegExp(name: string, flags = ''): RegExp {
  return new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`, flags);
}
