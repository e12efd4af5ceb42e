/**
 * The matcher of a group's `glob` and of a pattern in its `except`: picomatch, so the standard forms the
 * orchestrator writes work — braces `src/**\/*.{ts,tsx}`, classes `[ab]`, `?`, extglobs. Semantics, as the
 * orchestrator is told (groupSchema.ts):
 * - relative to the workspace root, `/` between folders; a `\` before one of `()[]{}` escapes it (Next.js route
 *   folders such as `app/\(shop\)/**`), any other `\` is read as a separator (a Windows-style path);
 * - `*` and `?` never cross a `/`, `**` spans folders;
 * - a pattern without `/` matches file names at any depth, like the `include`/`exclude` settings;
 * - a pattern that matches a folder takes every file below it (`src/legacy`), also when spelled literally with
 *   unescaped `()` (`app/(shop)`);
 * - `*` and `**` also match names that start with a dot (a listed file under `.generated/` is a workspace file too);
 * - a leading `!` is refused: what to leave out goes in `except`.
 */
import picomatch from 'picomatch';
import { err, ok, type Result } from '../result';

/** What makes an `except` entry that names no workspace file a pattern rather than a path. */
const GLOB_CHARS = /[*?[{]/;

export function isGlobPattern(text: string): boolean {
  return GLOB_CHARS.test(text);
}

/** A predicate over workspace-relative paths, or why the pattern cannot be one (in words the model can act on). */
export function groupGlobMatcher(glob: string, what = 'the glob'): Result<(file: string) => boolean> {
  const spelled = glob
    .trim()
    .replace(/\\(?![()[\]{}])/g, '/')
    .replace(/^\.\//, '');
  if (spelled.startsWith('/') || /^[a-zA-Z]:/.test(spelled) || spelled.split('/').includes('..')) {
    return err(`${what} ${glob} reaches outside the workspace; write it relative to the workspace root`);
  }
  if (spelled.startsWith('!')) {
    return err(
      `${what} ${glob} is negated; name the files to change and put the ones to leave out in "except"`,
    );
  }
  if (spelled === '') return err(`${what} is empty; name the files to change`);
  // picomatch's `basename` option misses patterns with braces, so "any depth" is spelled out.
  const pattern = spelled.includes('/') ? spelled : `**/${spelled}`;
  let match: (file: string) => boolean;
  try {
    match = picomatch([pattern, `${pattern.replace(/\/+$/, '')}/**`], { dot: true, strictBrackets: true });
  } catch (e) {
    return err(`${what} ${glob} is not a valid glob (${e instanceof Error ? e.message : String(e)})`);
  }
  const literal = spelled.replace(/\/+$/, '');
  return ok((file) => match(file) || file === literal || file.startsWith(`${literal}/`));
}
