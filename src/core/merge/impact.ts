/**
 * Which of a changed file's exports the change can reach, from the two texts alone (no checker): an importer
 * that names none of them, and does not `export *` from the file, cannot gain an error from it, so the type
 * check leaves it out — a small change to a file almost everything imports then checks the few files that
 * use what changed, not the whole code base.
 *
 * Each top-level statement is a unit: what it declares in the module, the names importers see it under and
 * the identifiers its text mentions. A unit changed when no unit of the other text has its exact text; a unit
 * mentioning a name a changed unit declares changed too (an inferred type follows what it is inferred from),
 * to a fixed point. Where names cannot say what an importer sees — a changed side effect, `export *`,
 * `export =`, a global or module augmentation, a script without exports — the answer is `all`.
 */
import { ts } from 'ts-morph';

export type Impact = ReadonlySet<string> | 'all';

interface Unit {
  text: string;
  /** Module-scope names it declares (imports included: a changed import changes what its users mean). */
  locals: string[];
  /** Names importers see it under (`default` for a default export). */
  exported: string[];
  /** Names importers cannot be told apart by: a changed one reaches every importer. */
  opaque: boolean;
  ids: ReadonlySet<string>;
}

export function exportImpact(fileName: string, before: string, after: string): Impact {
  if (before === after) return new Set();
  const sides = [units(fileName, before), units(fileName, after)];
  const [a, b] = sides;
  if (a === undefined || b === undefined) return 'all';
  const changed = new Set<Unit>([...unmatchedUnits(a, b), ...unmatchedUnits(b, a)]);
  const changedLocals = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const u of changed) for (const name of u.locals) changedLocals.add(name);
    for (const u of [...a, ...b]) {
      if (changed.has(u) || ![...changedLocals].some((n) => u.ids.has(n))) continue;
      changed.add(u);
      grew = true;
    }
  }
  const out = new Set<string>();
  for (const u of changed) {
    if (u.opaque) return 'all';
    for (const name of u.exported) out.add(name);
  }
  return out;
}

/** Units of `mine` whose exact text `theirs` lacks (as a multiset: a duplicated statement counts twice). */
function unmatchedUnits(mine: readonly Unit[], theirs: readonly Unit[]): Unit[] {
  const left = new Map<string, number>();
  for (const u of theirs) left.set(u.text, (left.get(u.text) ?? 0) + 1);
  return mine.filter((u) => {
    const n = left.get(u.text) ?? 0;
    if (n > 0) left.set(u.text, n - 1);
    return n === 0;
  });
}

/** The top-level units of a module; undefined for a script, whose declarations are global. */
function units(fileName: string, text: string): Unit[] | undefined {
  const sf = ts.createSourceFile(fileName, text, {
    languageVersion: ts.ScriptTarget.Latest,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
  });
  if (!ts.isExternalModule(sf)) return undefined;
  return sf.statements.map((s) => {
    const stated = s.getText(sf);
    return { text: stated, ids: identifiersIn(s), ...namesOf(s) };
  });
}

/** Identifiers the statement's code uses (comments and JSDoc left out: they mention names they do not use). */
function identifiersIn(s: ts.Statement): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) out.add(node.text);
    else ts.forEachChild(node, visit);
  };
  visit(s);
  return out;
}

function namesOf(s: ts.Statement): Pick<Unit, 'locals' | 'exported' | 'opaque'> {
  const none = { locals: [], exported: [], opaque: false };
  if (ts.isImportDeclaration(s)) return { ...none, locals: importedNames(s) };
  if (ts.isExportDeclaration(s)) {
    if (s.exportClause === undefined) return { ...none, opaque: true }; // export * from
    if (ts.isNamespaceExport(s.exportClause)) return { ...none, exported: [s.exportClause.name.text] };
    return { ...none, exported: s.exportClause.elements.map((e) => e.name.text) };
  }
  if (ts.isExportAssignment(s))
    return s.isExportEquals ? { ...none, opaque: true } : { ...none, exported: ['default'] };
  const locals = declaredNames(s);
  if (locals === undefined) return { ...none, opaque: true };
  const modifiers = ts.canHaveModifiers(s) ? (ts.getModifiers(s) ?? []) : [];
  const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  return { locals, exported: !exported ? [] : isDefault ? ['default'] : locals, opaque: false };
}

function importedNames(s: ts.ImportDeclaration): string[] {
  const clause = s.importClause;
  if (clause === undefined) return [];
  const names = clause.name !== undefined ? [clause.name.text] : [];
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  else if (bindings !== undefined) names.push(...bindings.elements.map((e) => e.name.text));
  return names;
}

/** Names a declaration statement binds; undefined for a statement that is not one (or an augmentation). */
function declaredNames(s: ts.Statement): string[] | undefined {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (ts.isModuleDeclaration(s)) return ts.isIdentifier(s.name) && !isGlobal(s) ? [s.name.text] : undefined;
  if (
    ts.isFunctionDeclaration(s) ||
    ts.isClassDeclaration(s) ||
    ts.isInterfaceDeclaration(s) ||
    ts.isTypeAliasDeclaration(s) ||
    ts.isEnumDeclaration(s) ||
    ts.isImportEqualsDeclaration(s)
  )
    return s.name !== undefined ? [s.name.text] : ['default'];
  return undefined;
}

function isGlobal(s: ts.ModuleDeclaration): boolean {
  return (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isBindingElement(e) ? bindingNames(e.name) : []));
}
