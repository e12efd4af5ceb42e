/**
 * The text edits of a rename, from the language service's rename locations with prefix and suffix text
 * (`providePrefixAndSuffixTextForRename`, as VS Code asks for them): a shorthand keeps its other meaning,
 * so `{ a }` becomes `{ a: b }` when the value is renamed and `{ b: a }` when the property is, and the
 * local binding keeps working. Where the service would alias an export to keep its old public name
 * (`export { b as a }`), the new name propagates instead: the export takes it and its importers are
 * renamed from there. JSDoc `@param` paths (`opts.a`), which the service leaves out, are renamed here.
 */
import { Node, SyntaxKind, type ParameterDeclaration, type SourceFile } from 'ts-morph';
import { isRequireBindingElement } from '../facts/commonJs';
import { err, ok, type Result } from '../result';
import { relativeInside } from '../workspace/paths';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface RenameEdits {
  /** Workspace-relative file → its edits (non-overlapping, in no particular order). */
  byFile: Map<string, TextEdit[]>;
  /** Nodes where the new name becomes a binding or a reference to one: where a clash would matter. */
  bindings: Node[];
}

export function renameEdits(
  root: string,
  target: Node,
  to: string,
  files: readonly SourceFile[],
): Result<RenameEdits> {
  const ls = target.getProject().getLanguageService();
  const edits = new Map<string, { file: string; edit: TextEdit }>();
  const bindings: Node[] = [];
  const searched = new Set<string>();
  const queue: Node[] = [target];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    const from = keyOf(node.getSourceFile(), node.getStart());
    if (searched.has(from)) continue;
    searched.add(from);
    for (const loc of ls.findRenameLocations(node, { usePrefixAndSuffixText: true })) {
      const sf = loc.getSourceFile();
      const file = relativeInside(root, sf.getFilePath());
      if (file === undefined || sf.isInNodeModules()) {
        return err(`it is also referenced outside the workspace (${sf.getFilePath()}); rename it by hand`);
      }
      const { start, end } = { start: loc.getTextSpan().getStart(), end: loc.getTextSpan().getEnd() };
      const key = keyOf(sf, start);
      if (edits.has(key)) continue;
      const prefix = loc.getPrefixText() ?? '';
      const suffix = loc.getSuffixText() ?? '';
      const name = sf.getDescendantAtPos(start);
      // A destructured `require()` is JavaScript's import: like an import, it takes the new name and its local
      // uses follow, rather than keeping the old local behind an alias.
      if (name !== undefined && (isExportAlias(name, prefix, suffix) || isRequireBinding(name))) {
        edits.set(key, { file, edit: { start, end, text: to } });
        bindings.push(name);
        queue.push(name);
        continue;
      }
      edits.set(key, { file, edit: { start, end, text: prefix + to + suffix } });
      // With a suffix (`{ b: a }`) the new name is a property key and the old local stays in scope.
      if (name !== undefined && suffix === '') bindings.push(name);
    }
  }
  for (const { sf, start, end } of jsDocPathNames(target, files)) {
    const file = relativeInside(root, sf.getFilePath());
    const key = keyOf(sf, start);
    if (file !== undefined && !edits.has(key)) edits.set(key, { file, edit: { start, end, text: to } });
  }
  const byFile = new Map<string, TextEdit[]>();
  for (const { file, edit } of edits.values()) byFile.set(file, [...(byFile.get(file) ?? []), edit]);
  return ok({ byFile, bindings });
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function keyOf(sf: SourceFile, start: number): string {
  return `${sf.getFilePath()}:${start}`;
}

/** `export { a as b }`-style text the service offers at an import or export specifier to keep a name. */
function isExportAlias(name: Node, prefix: string, suffix: string): boolean {
  const spec = name.getParent();
  const specifier = spec !== undefined && (Node.isExportSpecifier(spec) || Node.isImportSpecifier(spec));
  return specifier && (prefix.endsWith(' as ') || suffix.startsWith(' as '));
}

/**
 * Names in JSDoc `@param` paths that denote the target: the parameter in `@param opts.a` when the
 * parameter is renamed, `a` (or `inner.a` further down) when that property of the parameter's type is.
 */
function jsDocPathNames(
  target: Node,
  files: readonly SourceFile[],
): Array<{ sf: SourceFile; start: number; end: number }> {
  const decl = target.getParent();
  if (decl === undefined) return [];
  const from = target.getText();
  const out: Array<{ sf: SourceFile; start: number; end: number }> = [];
  for (const sf of files) {
    const text = sf.getFullText();
    if (!text.includes('@param') || !text.includes(from)) continue;
    for (const tag of sf.getDescendantsOfKind(SyntaxKind.JSDocParameterTag)) {
      const path = segments(tag.getNameNode());
      const [head, ...rest] = path;
      if (head === undefined || rest.length === 0 || !path.some((s) => s.getText() === from)) continue;
      const param = parameterNamed(tag.getParent()?.getParent(), head.getText());
      if (param === undefined) continue;
      if (param.getNameNode() === target) out.push({ sf, start: head.getStart(), end: head.getEnd() });
      let type = param.getType();
      for (const segment of rest) {
        const property = type.getNonNullableType().getProperty(segment.getText());
        if (property === undefined) break;
        if (segment.getText() === from && property.getDeclarations().some((d) => d === decl)) {
          out.push({ sf, start: segment.getStart(), end: segment.getEnd() });
        }
        type = property.getTypeAtLocation(param);
      }
    }
  }
  return out;
}

/** `opts.inner.a` → [opts, inner, a]. */
function segments(name: Node): Node[] {
  if (Node.isQualifiedName(name)) return [...segments(name.getLeft()), name.getRight()];
  return Node.isIdentifier(name) ? [name] : [];
}

/** The parameter `name` of the function a JSDoc comment documents (declared directly or as a variable). */
function parameterNamed(host: Node | undefined, name: string): ParameterDeclaration | undefined {
  let fn = host;
  if (fn !== undefined && Node.isVariableStatement(fn)) fn = fn.getDeclarations()[0]?.getInitializer();
  if (fn !== undefined && Node.isPropertyAssignment(fn)) fn = fn.getInitializer();
  if (fn === undefined || !Node.isFunctionLikeDeclaration(fn)) return undefined;
  return fn.getParameters().find((p) => p.getName() === name);
}

function isRequireBinding(name: Node): boolean {
  const parent = name.getParent();
  return parent !== undefined && isRequireBindingElement(parent.compilerNode);
}
