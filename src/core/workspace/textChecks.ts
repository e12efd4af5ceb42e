/** Decides whether a file's bytes are source a model should see (text, not minified or generated). */

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** A line longer than this marks minified or generated output. */
export const MAX_LINE_LENGTH = 1000;

const decoder = new TextDecoder('utf-8', { fatal: true });

export type TextCheck = { ok: true; text: string } | { ok: false; reason: string };

/** Decodes strict UTF-8 (a BOM is dropped); undefined for anything else. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(bytes);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

export function longestLine(text: string): number {
  let longest = 0;
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    if (nl - start > longest) longest = nl - start;
    start = nl + 1;
  }
  return Math.max(longest, text.length - start);
}

export function checkText(bytes: Uint8Array): TextCheck {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, reason: 'not UTF-8 text' };
  const longest = longestLine(text);
  if (longest > MAX_LINE_LENGTH) {
    return { ok: false, reason: `minified or generated (a line of ${longest} characters)` };
  }
  return { ok: true, text };
}

export function tooLargeReason(size: number, max: number): string {
  return `larger than ${formatBytes(max)} (${formatBytes(size)})`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
