/**
 * Where each new type error is fixed, by its cause rather than by where it shows. An importer that uses a name
 * the module it imports from has never exported (the importer's worker renamed the use, the declaring file was
 * left unrenamed) is correct: the fix goes to the declaring file. Any other error is fixed in its own file —
 * a repair when the run owns that file, a follow-up (a subtask the type-check adds) when the file is outside
 * the plan but imports a changed file or the error points into one. Pure: no project, no model.
 */
import type { Diagnostic } from '../runTypes';

export type FixKind = 'repair' | 'follow-up';

export interface FixTarget {
  file: string;
  /** 'repair': a file the run changed or planned; 'follow-up': a file outside the plan. */
  kind: FixKind;
  /** The errors this fix answers; with a `cause`, they are in other files (the importers). */
  diagnostics: Diagnostic[];
  /** Changed files the errors point into (imported, or named by related information), whose diffs it gets. */
  pointsInto: string[];
  /** Why the fix goes to this file when the errors show elsewhere. */
  cause?: string;
}

export interface CauseInput {
  introduced: readonly Diagnostic[];
  /** Workspace files the result changes. */
  changed: ReadonlySet<string>;
  /** Files the run owns: changed by a subtask, or planned. */
  owned: ReadonlySet<string>;
  /** Workspace files a file imports (the syntactic import graph). */
  importsOf: (file: string) => readonly string[];
  /** The workspace file a module specifier in `from` names, if any. */
  resolve: (from: string, specifier: string) => string | undefined;
  /** A file's text in the result, and as the run read it (undefined when absent). */
  textOf: (file: string) => string | undefined;
  baseTextOf: (file: string) => string | undefined;
}

export interface Attribution {
  targets: FixTarget[];
  /** New errors in files outside the plan that no changed file explains: reported, not fixed. */
  unattributed: Diagnostic[];
}

/** "Module '"./http"' has no exported member 'x'." (TS2305) and "… named 'x'. Did you mean …" (TS2724). */
const NO_EXPORT_CODES = new Set([2305, 2724]);
const MODULE_QUOTE = /'"([^"]+)"'/;
const MEMBER = /has no exported member(?: named)? '([^']+)'/;

export function attributeCauses(input: CauseInput): Attribution {
  const targets = new Map<string, FixTarget>();
  // Per declaring file: each missing name and the importers that use it.
  const missing = new Map<string, Map<string, Set<string>>>();
  const unattributed: Diagnostic[] = [];
  const add = (file: string, d: Diagnostic, pointsInto: string[]): void => {
    const kind: FixKind = input.owned.has(file) ? 'repair' : 'follow-up';
    const target = targets.get(file) ?? { file, kind, diagnostics: [], pointsInto: [] };
    target.diagnostics.push(d);
    for (const p of pointsInto) if (p !== file && !target.pointsInto.includes(p)) target.pointsInto.push(p);
    targets.set(file, target);
  };
  for (const d of input.introduced) {
    const declaring = declaringCause(input, d);
    if (declaring !== undefined) {
      add(
        declaring.file,
        d,
        [d.file, declaring.file].filter((f) => input.changed.has(f)),
      );
      const names = missing.get(declaring.file) ?? new Map<string, Set<string>>();
      names.set(declaring.name, (names.get(declaring.name) ?? new Set()).add(d.file));
      missing.set(declaring.file, names);
      continue;
    }
    const pointsInto = changedPointedAt(input, d);
    if (input.owned.has(d.file) || pointsInto.length > 0) add(d.file, d, pointsInto);
    else unattributed.push(d);
  }
  for (const [file, names] of missing) {
    const target = targets.get(file);
    if (target === undefined) continue;
    target.cause = [...names]
      .map(([name, importers]) => {
        const list = [...importers].sort();
        const verb = list.length === 1 ? 'imports' : 'import';
        return `${list.join(', ')} now ${verb} \`${name}\` from this file, which does not declare it`;
      })
      .join('; ');
  }
  return { targets: [...targets.values()].sort((a, b) => a.file.localeCompare(b.file)), unattributed };
}

/**
 * The declaring file, when `d` is an importer's use of a name that module lacks and never exported, and the
 * importer's own change introduced that use: the importer followed the plan, the declaration did not.
 */
function declaringCause(input: CauseInput, d: Diagnostic): { file: string; name: string } | undefined {
  if (!NO_EXPORT_CODES.has(d.code)) return undefined;
  const specifier = MODULE_QUOTE.exec(d.message)?.[1];
  const name = MEMBER.exec(d.message)?.[1];
  if (specifier === undefined || name === undefined) return undefined;
  const file = input.resolve(d.file, specifier);
  if (file === undefined || file === d.file) return undefined;
  const declaringBefore = input.baseTextOf(file);
  if (declaringBefore === undefined || mentions(declaringBefore, name)) return undefined;
  const importerBefore = input.baseTextOf(d.file) ?? '';
  const importerAfter = input.textOf(d.file) ?? '';
  if (mentions(importerBefore, name) || !mentions(importerAfter, name)) return undefined;
  return { file, name };
}

/** Changed files other than `d.file` that `d` points into or that `d.file` imports. */
function changedPointedAt(input: CauseInput, d: Diagnostic): string[] {
  const out: string[] = [];
  for (const r of d.related ?? []) if (input.changed.has(r.file) && r.file !== d.file) out.push(r.file);
  for (const f of input.importsOf(d.file)) if (input.changed.has(f) && f !== d.file) out.push(f);
  return [...new Set(out)];
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(text);
}
