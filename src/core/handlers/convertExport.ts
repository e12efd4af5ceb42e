/**
 * TypeScript's "Convert export", both ways, for the 'toNamedExport' and 'toDefaultExport' handlers: the
 * declaration's export changes and every importer follows (`import m from` ↔ `import { main as m } from`).
 * TypeScript converts a declaration that carries the export itself (`export default function f`,
 * `export const x = …`), not a separate `export default x;` or `export { x }`.
 */
import { Node } from 'ts-morph';
import { err, ok } from '../result';
import type { RefactorSpec, SymbolArgs } from './refactorStep';
import { isTopLevel, rangeOf, topLevelStatements } from './refactorTarget';

const REFACTOR = 'Convert export';
export const TO_NAMED = 'Convert default export to named export';
export const TO_DEFAULT = 'Convert named export to default export';

export function convertExportSpec(action: typeof TO_NAMED | typeof TO_DEFAULT): RefactorSpec<SymbolArgs> {
  return {
    locate(sf, args, file) {
      const name = args.symbol.trim();
      const statements = topLevelStatements(sf, name, file);
      if (!statements.ok) return statements;
      // TypeScript's own reasons here name the other direction's problem ("already has a default export").
      const statement = statements.value[0];
      const exported = Node.isExportable(statement) && statement.hasExportKeyword();
      const isDefault = Node.isExportable(statement) && statement.hasDefaultKeyword();
      if (action === TO_NAMED && !isDefault) {
        return err(`\`${name}\` is not declared as \`export default\` in ${file}`);
      }
      if (action === TO_DEFAULT && (!exported || isDefault)) {
        const why = isDefault ? 'is already the default export' : 'is not declared with `export`';
        return err(`\`${name}\` ${why} in ${file}`);
      }
      // The whole statement, so the service finds the export on it whichever way it is written.
      const kind = action === TO_NAMED ? 'refactor.rewrite.export.named' : 'refactor.rewrite.export.default';
      return ok({ refactor: REFACTOR, action, kind, at: rangeOf(statements.value), names: [name] });
    },
  };
}

/** A top-level declaration is probed under its own name. */
export function probeTopLevel(decl: Node, address: string): SymbolArgs[] {
  return isTopLevel(decl) ? [{ symbol: address }] : [];
}
