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

export function scanImports(text: string): ImportRecord[] {
  if (!text.includes('import') && !text.includes('export') && !text.includes('require')) return [];
  const records: ImportRecord[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const g = m.groups ?? {};
    if (g['kw'] !== undefined) {
      const clause = (g['clause'] ?? '').trim();
      const typeOnly = g['type'] !== undefined;
      const specifier = g['from'] ?? '';
      if (g['kw'] === 'import') {
        // `import type from 'x'` imports a default named `type`.
        records.push({ specifier, kind: 'import', typeOnly: typeOnly && clause !== '' });
      } else if (clause.startsWith('*')) {
        records.push({
          specifier,
          kind: /^\*\s*as\s/.test(clause) ? 'export-star-as' : 'export-star',
          typeOnly,
        });
      } else if (clause.startsWith('{')) {
        records.push({ specifier, kind: 'export-from', typeOnly });
      }
      // Anything else (`export const x = from 'y'`…) is not a module reference.
    } else if (g['eq'] !== undefined) {
      records.push({ specifier: g['eq'], kind: 'import', typeOnly: false });
    } else if (g['side'] !== undefined) {
      records.push({ specifier: g['side'], kind: 'side-effect', typeOnly: false });
    } else if (g['dyn'] !== undefined) {
      records.push({ specifier: g['dyn'], kind: 'dynamic', typeOnly: false });
    }
  }
  return records;
}
