/**
 * What a group's query matches in the workspace: the files referencing a symbol (type checker confirmed, as the
 * facts find them), the direct importers of a file (the syntactic import graph), the files matching a glob
 * (picomatch, `groupGlob.ts`), or a list. Each answer is sorted and has no duplicates;
 * a query that cannot be answered says why in words the orchestrator can act on.
 */
import { confirmSeeds } from '../facts/confirm';
import { filesMentioning } from '../facts/prefilter';
import { err, ok, type Result } from '../result';
import { importGraphOf } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';
import { groupGlobMatcher, isGlobPattern } from './groupGlob';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A workspace file the query names, normalised; outside the root or unknown is an error naming it. */
function workspaceFile(ws: Workspace, file: string, what: string): Result<string> {
  const resolved = ws.resolveInside(file);
  if (resolved === undefined) return err(`${what} ${file} is outside the workspace`);
  if (ws.readText(resolved) === undefined) return err(`${what} ${file} is not a file of the workspace`);
  return ok(resolved);
}

/** Files referencing `symbol` (uses, re-exports, type imports), without the files declaring it. */
export function referencingFiles(ws: Workspace, symbol: string, declaredIn?: string): Result<string[]> {
  // `UserService.getUser` names the member; the search needs the last part.
  const name = symbol.trim().split('.').pop() ?? '';
  if (!IDENTIFIER.test(name)) return err(`"${symbol}" is not a declaration name`);
  let file: string | undefined;
  if (declaredIn !== undefined) {
    const found = workspaceFile(ws, declaredIn, '"declaredIn"');
    if (!found.ok) return found;
    file = found.value;
  }
  const mentions = filesMentioning(ws, ws.listFiles(), name);
  const seed = file === undefined ? { name } : { name, file };
  const confirmation = confirmSeeds(ws, importGraphOf(ws), [{ seed, mentions }]);
  if (confirmation.declarations.length === 0) {
    return err(`no declaration of ${name}${file ? ` in ${file}` : ''} was found in the workspace`);
  }
  const found = new Set([...confirmation.references.keys(), ...confirmation.starReexporters]);
  for (const f of confirmation.definitionFiles) found.delete(f);
  return ok(sorted(found));
}

/** Files importing `target` directly (any import form, `import type` and re-exports included). */
export function importingFiles(ws: Workspace, target: string): Result<string[]> {
  const found = workspaceFile(ws, target, '"importersOf"');
  if (!found.ok) return found;
  const incoming = importGraphOf(ws).in.get(found.value) ?? [];
  return ok(sorted(new Set(incoming.map((e) => e.from))));
}

/** Workspace files matching `glob`, relative to the root. */
export function globFiles(ws: Workspace, glob: string): Result<string[]> {
  const matcher = groupGlobMatcher(glob);
  if (!matcher.ok) return matcher;
  return ok(sorted(new Set(ws.listFiles().filter(matcher.value))));
}

/**
 * The files of `except`, normalised: a path, or a pattern (`**\/*.test.ts`, matched like `glob`) standing for
 * the workspace files it matches. One outside the workspace is an error (a file merely not matched is fine:
 * leaving out what was not in is harmless).
 */
export function exceptedFiles(ws: Workspace, except: readonly string[]): Result<Set<string>> {
  const out = new Set<string>();
  for (const f of except) {
    const resolved = ws.resolveInside(f);
    if (resolved !== undefined && (!isGlobPattern(f) || ws.readText(resolved) !== undefined)) {
      out.add(resolved);
      continue;
    }
    if (!isGlobPattern(f)) return err(`"except" names ${f}, which is outside the workspace`);
    const matcher = groupGlobMatcher(f, '"except" pattern');
    if (!matcher.ok) return matcher;
    for (const file of ws.listFiles()) if (matcher.value(file)) out.add(file);
  }
  return ok(out);
}

function sorted(files: Set<string>): string[] {
  return [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
