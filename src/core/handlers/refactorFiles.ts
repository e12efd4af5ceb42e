/**
 * What a TypeScript refactor must see and how its output should look. The language service updates only
 * the references it finds among the files the project holds, so the declaring file's importers (through
 * re-exports) and every file spelling the names are loaded first. Its printer follows format settings and
 * a quote preference, taken here from the code itself rather than TypeScript's defaults.
 */
import { ts } from 'ts-morph';
import { filesMentioning } from '../facts/prefilter';
import type { ImportGraph } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';

/** The declaring file, files naming any of `names`, importers of `file` (through re-exporting files), `extra`. */
export function filesToLoad(
  ws: Workspace,
  graph: ImportGraph,
  file: string,
  names: readonly string[],
  extra: readonly string[] = [],
): string[] {
  const all = ws.listFiles();
  const files = new Set<string>([file, ...extra]);
  for (const name of names) for (const f of filesMentioning(ws, all, name)) files.add(f);
  for (const f of importersOf(graph, file)) files.add(f);
  return [...files].filter((f) => ws.readText(f) !== undefined);
}

/** Files importing `file`, and the importers of each file that re-exports from it, transitively. */
export function importersOf(graph: ImportGraph, file: string): string[] {
  const found = new Set<string>();
  const queue = [file];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const edge of graph.in.get(next) ?? []) {
      if (found.has(edge.from) || edge.from === file) continue;
      found.add(edge.from);
      if (edge.kind.startsWith('export')) queue.push(edge.from);
    }
  }
  return [...found];
}

/** Format settings from the file's own indentation and line ending (TypeScript's default is 4 spaces). */
export function formatSettingsFor(text: string): ts.FormatCodeSettings {
  const indent = indentationOf(text);
  return {
    ...ts.getDefaultFormatCodeSettings(text.includes('\r\n') ? '\r\n' : '\n'),
    convertTabsToSpaces: indent !== '\t',
    indentSize: indent === '\t' ? 4 : indent.length,
    tabSize: indent === '\t' ? 4 : indent.length,
    // `{}` as Prettier (and most code) writes it, not TypeScript's default `{ }`.
    insertSpaceAfterOpeningAndBeforeClosingEmptyBraces: false,
  };
}

/**
 * The quote the code uses: that of the first import among `texts`, else of the first string literal.
 * TypeScript's 'auto' looks only at the imports of the file being changed and falls back to double quotes,
 * so a move would otherwise write them into single-quoted code whenever the declaring file imports nothing.
 */
export function quotePreferenceOf(texts: readonly string[]): 'single' | 'double' | 'auto' {
  const parsed: ts.SourceFile[] = [];
  const quoteOf = (node: ts.Node, sf: ts.SourceFile): 'single' | 'double' =>
    sf.text.charAt(node.getStart(sf)) === "'" ? 'single' : 'double';
  // Parsed one by one: the first file with an import usually settles it.
  for (const text of texts) {
    const sf = ts.createSourceFile('quotes.ts', text, ts.ScriptTarget.Latest, true);
    parsed.push(sf);
    for (const statement of sf.statements) {
      const spec =
        ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
          ? statement.moduleSpecifier
          : undefined;
      if (spec !== undefined && ts.isStringLiteral(spec)) return quoteOf(spec, sf);
    }
  }
  for (const sf of parsed) {
    const literal = firstStringLiteral(sf);
    if (literal !== undefined) return quoteOf(literal, sf);
  }
  return 'auto';
}

function firstStringLiteral(node: ts.Node): ts.StringLiteral | undefined {
  if (ts.isStringLiteral(node)) return node;
  return ts.forEachChild(node, firstStringLiteral);
}

/** The indentation unit: a tab, or the smallest run of leading spaces (2 when nothing is indented). */
function indentationOf(text: string): string {
  let smallest: number | undefined;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    const lead = m[1] ?? '';
    if (lead.startsWith('\t')) return '\t';
    // A lone space before `*` continues a block comment; it says nothing about indentation.
    if (lead.length === 1 && text.charAt((m.index ?? 0) + 1) === '*') continue;
    if (smallest === undefined || lead.length < smallest) smallest = lead.length;
  }
  return ' '.repeat(Math.min(Math.max(smallest ?? 2, 2), 8));
}
