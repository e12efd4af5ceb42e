/**
 * Which diagnostics a change introduced, by signature rather than by position: the same error on a shifted
 * line, or about a local the change renamed, is the same error. Environmental diagnostics (a package that is
 * not installed, test globals without type definitions, `.ts` import extensions) say what the machine lacks,
 * not what the change broke, so a created file's are matched against the baseline of every other file.
 * Pure: no project, no I/O.
 */
import type { Diagnostic } from '../stageTypes';

/** Codes that describe the environment (installed packages, type definitions, compiler options). */
const GLOBAL_CODES = new Set([2304, 2580, 2582, 2591, 2593]);
/** "Cannot find name 'x'" is a typo as often as a missing definition: environmental only for these. */
const TEST_GLOBALS = new Set([
  'describe',
  'it',
  'test',
  'expect',
  'beforeEach',
  'afterEach',
  'beforeAll',
  'afterAll',
  'vi',
  'jest',
]);
const CANNOT_FIND_NAME = 2304;
const MODULE_CODES = new Set([2307, 2792]);
const TYPES_CODES = new Set([7016, 2688]);
const TS_EXTENSION_CODES = new Set([5097, 2691]);

const QUOTED = /'([^']*)'/g;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

/**
 * Whether `d` can come from the environment alone. A missing relative module is the change's fault; a bare
 * specifier (`zod`, `@scope/pkg/sub`) is a package that may not be installed.
 */
export function isEnvironmental(d: Diagnostic): boolean {
  if (d.code === CANNOT_FIND_NAME) return TEST_GLOBALS.has(firstQuoted(d.message) ?? '');
  if (GLOBAL_CODES.has(d.code) || TYPES_CODES.has(d.code) || TS_EXTENSION_CODES.has(d.code)) return true;
  if (!MODULE_CODES.has(d.code)) return false;
  const specifier = firstQuoted(d.message);
  return specifier !== undefined && isBare(specifier);
}

/**
 * Code + message with positions dropped and every quoted name in `names` (the identifiers a change added or
 * removed) replaced by a placeholder; other quoted text (types, literals) stays, so a different type differs.
 */
export function signatureOf(d: Diagnostic, names: ReadonlySet<string> = new Set()): string {
  const message = d.message
    .replace(/\(\d+,\d+\)/g, '(_)')
    .replace(QUOTED, (whole, inner: string) => (names.has(inner) ? "'_'" : whole));
  return `${d.code}\u0000${message}`;
}

/**
 * The signature an environmental diagnostic shares across files: a missing package by its package name
 * (`zod/v4` and `zod` are one missing package), a `.ts`-extension import without its path.
 */
export function environmentalSignature(d: Diagnostic): string {
  if (MODULE_CODES.has(d.code) || TYPES_CODES.has(d.code)) {
    const specifier = firstQuoted(d.message);
    if (specifier !== undefined) return `${d.code}\u0000${packageName(specifier)}`;
  }
  if (TS_EXTENSION_CODES.has(d.code)) return `${d.code}`;
  return signatureOf(d);
}

/** Identifiers in exactly one of the two texts: the names a change renamed, added or removed. */
export function changedNames(before: string, after: string): Set<string> {
  const a = new Set(before.match(IDENTIFIER) ?? []);
  const b = new Set(after.match(IDENTIFIER) ?? []);
  const out = new Set<string>();
  for (const n of a) if (!b.has(n)) out.add(n);
  for (const n of b) if (!a.has(n)) out.add(n);
  return out;
}

/**
 * After-diagnostics of one file with no counterpart in its baseline, matched by signature as a multiset
 * (two identical errors before and three after: one is new).
 */
export function unmatched(
  before: readonly Diagnostic[],
  after: readonly Diagnostic[],
  names: ReadonlySet<string> = new Set(),
): Diagnostic[] {
  const remaining = new Map<string, number>();
  for (const d of before) {
    const key = signatureOf(d, names);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return after.filter((d) => {
    const key = signatureOf(d, names);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    return left === 0;
  });
}

/**
 * Whether a file's text could show the same environmental diagnostic: it imports the same package, calls
 * the same global, or imports with a `.ts` extension. A cheap text test, to pick the few files to check.
 */
export function mayShow(text: string, d: Diagnostic): boolean {
  if (TS_EXTENSION_CODES.has(d.code)) return /\.ts['"]/.test(text);
  const subject = subjectOf(d);
  if (subject === undefined) return false;
  const quoted = escapeRegExp(subject);
  const pattern =
    MODULE_CODES.has(d.code) || TYPES_CODES.has(d.code)
      ? `['"]${quoted}(['"/])`
      : `(^|[^\\w$.])${quoted}\\s*[(.]`;
  return new RegExp(pattern).test(text);
}

/** The quoted name or specifier an environmental diagnostic is about (to find other files that show it). */
export function subjectOf(d: Diagnostic): string | undefined {
  const quoted = firstQuoted(d.message);
  return quoted === undefined ? undefined : MODULE_CODES.has(d.code) ? packageName(quoted) : quoted;
}

/**
 * One line for the report: what was not checked and why, e.g. "not checked: 2 packages are not installed:
 * vitest, zod; test globals have no type definitions: describe, it".
 */
export function environmentSummary(env: readonly Diagnostic[]): string {
  if (env.length === 0) return '';
  const missing = new Set<string>();
  const untyped = new Set<string>();
  const globals = new Set<string>();
  let tsExtensions = false;
  for (const d of env) {
    const subject = subjectOf(d);
    if (MODULE_CODES.has(d.code) && subject) missing.add(subject);
    else if (TYPES_CODES.has(d.code) && subject) untyped.add(packageName(subject));
    else if (GLOBAL_CODES.has(d.code) && subject) globals.add(subject);
    else if (TS_EXTENSION_CODES.has(d.code)) tsExtensions = true;
  }
  const parts: string[] = [];
  const list = (s: Set<string>): string => [...s].sort().join(', ');
  if (missing.size)
    parts.push(`${count(missing.size, 'package is', 'packages are')} not installed: ${list(missing)}`);
  if (untyped.size)
    parts.push(
      `${count(untyped.size, 'package has', 'packages have')} no type definitions: ${list(untyped)}`,
    );
  if (globals.size) parts.push(`${testOrOther(globals)} globals have no type definitions: ${list(globals)}`);
  if (tsExtensions) parts.push('`.ts` extensions in imports are not enabled (allowImportingTsExtensions)');
  return `not checked: ${parts.join('; ')}`;
}

function testOrOther(globals: Set<string>): string {
  return [...globals].every((g) => TEST_GLOBALS.has(g)) ? 'test' : 'some';
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function firstQuoted(message: string): string | undefined {
  QUOTED.lastIndex = 0;
  const m = QUOTED.exec(message);
  QUOTED.lastIndex = 0;
  return m?.[1];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(specifier);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
