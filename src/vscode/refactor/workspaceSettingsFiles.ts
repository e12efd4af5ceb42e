/**
 * Reads the `orchestra.*` values a workspace's own settings files hold (`.vscode/settings.json`, a
 * `.code-workspace` file's `settings`), flat (`"orchestra.anthropic.baseUrl"`) or nested
 * (`"orchestra": { "anthropic": { … } }`). Only used to tell the user that a workspace TRIED to set a
 * user-only setting: VS Code drops the flat key of a machine-scoped setting before the extension can see
 * it. Never a source of values. No `vscode` import (Node fs only), so unit tests cover it.
 */
import fs from 'node:fs';

const PREFIX = 'orchestra.';

/** The file's `orchestra.*` values by key below `orchestra.`; undefined when missing or not JSONC. */
export function readSettingsFile(
  file: string,
  keys: readonly string[],
  section?: 'settings',
): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseJsonc(text);
  const root = section && isObject(parsed) ? parsed[section] : parsed;
  return isObject(root) ? orchestraValues(root, keys) : undefined;
}

export function orchestraValues(
  json: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> {
  const known = new Set(keys);
  const out: Record<string, unknown> = {};
  const walk = (object: Record<string, unknown>, prefix: string): void => {
    for (const [name, value] of Object.entries(object)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const key = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : undefined;
      if (key !== undefined && known.has(key)) out[key] = value;
      else if (isObject(value) && (path === 'orchestra' || key !== undefined)) walk(value, path);
    }
  };
  walk(json, '');
  return out;
}

/** JSON with `//` and `/* *\/` comments and trailing commas, as VS Code's settings files allow. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(withoutTrailingCommas(withoutComments(text)));
  } catch {
    return undefined;
  }
}

function withoutComments(text: string): string {
  return outsideStrings(text, (i) => {
    if (text[i] === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      return { out: '\n', next: end < 0 ? text.length : end + 1 };
    }
    if (text[i] === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      return { out: ' ', next: end < 0 ? text.length : end + 2 };
    }
    return undefined;
  });
}

function withoutTrailingCommas(text: string): string {
  return outsideStrings(text, (i) =>
    text[i] === ',' && closesNext(text, i + 1) ? { out: '', next: i + 1 } : undefined,
  );
}

/**
 * Copies `text`, string literals verbatim; elsewhere `rewrite(i)` may replace what starts at `i` (`out`, resuming
 * at `next`), or keep the character (undefined). Both JSONC passes must skip strings the same way.
 */
function outsideStrings(
  text: string,
  rewrite: (i: number) => { out: string; next: number } | undefined,
): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const replaced = rewrite(i);
    out += replaced?.out ?? text[i];
    i = replaced?.next ?? i + 1;
  }
  return out;
}

function closesNext(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return text[i] === '}' || text[i] === ']';
}

/** Index just after the string literal that starts at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
