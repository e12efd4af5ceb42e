/**
 * Deep package imports (`@acme/lib/util`, through an `exports` pattern such as `"./*": "./src/*.ts"`) of files a
 * change creates or moves. The workspace's module resolver knows only the files on disk, so in the checked
 * result a specifier the move rewrote (`@acme/lib/helpers`) reaches nothing, and its TS2307 differs from the
 * baseline's only by the module name. Here such a specifier resolves to the created file it reaches, and a
 * module diagnostic's specifier is compared by the file it reaches, a move's new path counted as its old one.
 * A specifier whose target does not exist in the result reaches no created file and stays an error.
 */
import { PackageLookup } from '../workspace/packageMap';

// The lookup by package and `exports` is the workspace's (shared with the move handler); the type-check's
// modules take it from here.
export { PackageLookup };

/** A file the result moves: the path it leaves and the one it takes. */
export interface FileMove {
  from: string;
  to: string;
}

const MODULE_CODES = new Set([2307, 2792]);
const QUOTED = /'([^']*)'/;

/** The created file (a move's new path, a new file) that a bare `spec` reaches through its package's exports. */
export function createdTarget(
  lookup: PackageLookup,
  spec: string,
  created: Iterable<string>,
): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  for (const file of created) if (lookup.reaches(spec, file)) return file;
  return undefined;
}

/**
 * `d` with the specifier of a module diagnostic spelled as before the moves: a specifier that reaches a
 * moved file's new path through its package's exports is compared as the baseline's spelling of the old
 * path (`@acme/lib/helpers` as `@acme/lib/util`). Any other diagnostic is returned as it is.
 */
export function normaliseMovedSpecifier<D extends { code: number; message: string }>(
  d: D,
  lookup: PackageLookup,
  moves: readonly FileMove[],
  baseline: readonly { code: number; message: string }[],
): D {
  if (!MODULE_CODES.has(d.code) || moves.length === 0) return d;
  const spec = QUOTED.exec(d.message)?.[1];
  if (spec === undefined) return d;
  const move = moves.find((m) => lookup.reaches(spec, m.to));
  if (move === undefined) return d;
  for (const b of baseline) {
    const old = MODULE_CODES.has(b.code) ? QUOTED.exec(b.message)?.[1] : undefined;
    if (old !== undefined && lookup.reaches(old, move.from))
      return { ...d, message: d.message.replace(`'${spec}'`, `'${old}'`) };
  }
  return d;
}
