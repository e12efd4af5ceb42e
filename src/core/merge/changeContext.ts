/**
 * What a fix request shows of a changed file the errors point into: the declarations the change touched, as
 * they are now, and the diff of the whole change. A follow-up or repair then sees what its file must match.
 */
import { ts } from 'ts-morph';
import { unifiedDiff } from '../diff/unifiedDiff';
import type { FileChange } from '../runTypes';

export interface ChangeContext {
  file: string;
  /** Top-level declarations whose text the change altered or added, after the change ('' when none). */
  declarations: string;
  /** Unified diff of the file's change. */
  diff: string;
}

/** Past this many characters a declaration list is cut (the diff still shows every change). */
const MAX_DECLARATIONS_CHARS = 6_000;

export function changeContext(change: FileChange): ChangeContext {
  const before = declarationsByName(change.file, change.before);
  const changed: string[] = [];
  for (const [name, text] of declarationsByName(change.file, change.after))
    if (before.get(name) !== text) changed.push(text);
  let declarations = changed.join('\n\n');
  if (declarations.length > MAX_DECLARATIONS_CHARS)
    declarations = `${declarations.slice(0, MAX_DECLARATIONS_CHARS)}\n… (cut; the diff shows the rest)`;
  return { file: change.file, declarations, diff: unifiedDiff([change]) };
}

/** Top-level declarations by their name(s); an unnamed statement (an expression) has none. */
function declarationsByName(file: string, text: string): Map<string, string> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out = new Map<string, string>();
  for (const statement of sf.statements) {
    const names = declaredNames(statement);
    if (names.length === 0) continue;
    out.set(names.join(','), statement.getText(sf));
  }
  return out;
}

function declaredNames(node: ts.Statement): string[] {
  if (ts.isVariableStatement(node))
    return node.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node)
  )
    return node.name ? [node.name.text] : [];
  return [];
}
