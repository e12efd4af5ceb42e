/**
 * Where a rename edits: TypeScript's rename locations, plus those reached from the JavaScript files that
 * `require()` the symbol. From `export function x` TypeScript's rename does not reach
 * `const { x } = require('./x')`; left alone, that file would destructure a name its module no longer
 * exports. So each such binding's own rename locations are added, unless the target's rename keeps the
 * exported name (`module.exports = { x }` becomes `{ x: renamed }`), where the requirer stays valid as is.
 */
import path from 'node:path';
import { Node, type RenameLocation } from 'ts-morph';
import { isRequireBindingElement } from '../facts/commonJs';
import type { TextEdit } from './renameEdits';
import { importerBindingSites } from '../facts/commonJsSites';
import { importGraphOf } from '../workspace/importGraph';
import { relativeInside } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';

export interface RenameLocations {
  /** Every location, spelled as the new name alone. */
  plain: RenameLocation[];
  /** The prefix/suffix TypeScript gives a location to keep its shape (`{ foo }` → `{ foo: bar }`), by `file:start`. */
  shaped: Map<string, { prefix: string; suffix: string }>;
}

export function locationKey(loc: RenameLocation): string {
  return `${loc.getSourceFile().getFilePath()}:${loc.getTextSpan().getStart()}`;
}

function locationsFrom(node: Node): RenameLocations {
  const ls = node.getProject().getLanguageService();
  const plain = [...ls.findRenameLocations(node, { usePrefixAndSuffixText: false })];
  const shaped = new Map<string, { prefix: string; suffix: string }>();
  for (const loc of ls.findRenameLocations(node, { usePrefixAndSuffixText: true })) {
    shaped.set(locationKey(loc), { prefix: loc.getPrefixText() ?? '', suffix: loc.getSuffixText() ?? '' });
  }
  return { plain, shaped };
}

/** A `{ x }` shorthand the rename keeps as `{ x: renamed }`: the exported name stays `x`. */
function keepsName(loc: RenameLocation, shaped: RenameLocations['shaped']): boolean {
  const shape = shaped.get(locationKey(loc));
  if (shape === undefined || (shape.prefix === '' && shape.suffix === '')) return false;
  const parent = loc.getSourceFile().getDescendantAtPos(loc.getTextSpan().getStart())?.getParent();
  return parent !== undefined && Node.isShorthandPropertyAssignment(parent);
}

function requirerSites(ws: Workspace, target: Node): ReturnType<typeof importerBindingSites> {
  const declFile = relativeInside(ws.root, target.getSourceFile().getFilePath());
  if (declFile === undefined) return [];
  const project = target.getProject();
  return importerBindingSites(declFile, target.getText(), {
    graph: importGraphOf(ws),
    resolveImport: ws.resolveImport?.bind(ws),
    sourceFile: (rel) => project.getSourceFile(path.join(ws.root, rel))?.compilerNode,
  });
}

export function renameLocations(ws: Workspace, target: Node): RenameLocations {
  const own = locationsFrom(target);
  const sites = requirerSites(ws, target);
  if (sites.length === 0) return own;
  const project = target.getProject();
  const known = new Set(own.plain.map(locationKey));
  for (const site of sites) {
    const sf = project.getSourceFile(site.fileName);
    const node = sf?.getDescendantAtPos(site.pos);
    if (sf === undefined || node === undefined || known.has(`${sf.getFilePath()}:${site.pos}`)) continue;
    const more = locationsFrom(node);
    if (more.plain.some((loc) => keepsName(loc, own.shaped))) continue;
    for (const loc of more.plain) {
      const key = locationKey(loc);
      if (known.has(key)) continue;
      known.add(key);
      own.plain.push(loc);
      const shape = more.shaped.get(key);
      if (shape !== undefined) own.shaped.set(key, shape);
    }
  }
  return own;
}

/**
 * The edits TypeScript's own rename does not reach from the target: the JavaScript files that `require()` it.
 * A destructured `require` binding takes the new name as it is (`const { renamed } = require('./x')`, so the
 * name still exists in the module); anything else keeps its shape (`{ x }` → `{ x: renamed }`).
 */
export function requirerEdits(
  ws: Workspace,
  target: Node,
  to: string,
): Array<{ file: string; node: Node | undefined; edit: TextEdit }> {
  // A TypeScript declaration with TypeScript importers only has no requirer sites: no extra search.
  if (requirerSites(ws, target).length === 0) return [];
  const own = new Set(locationsFrom(target).plain.map(locationKey));
  const all = renameLocations(ws, target);
  const out: Array<{ file: string; node: Node | undefined; edit: TextEdit }> = [];
  for (const loc of all.plain) {
    const key = locationKey(loc);
    if (own.has(key)) continue;
    const sf = loc.getSourceFile();
    const file = relativeInside(ws.root, sf.getFilePath());
    if (file === undefined) continue;
    const start = loc.getTextSpan().getStart();
    const node = sf.getDescendantAtPos(start);
    const parent = node?.getParent();
    const keepName =
      parent !== undefined &&
      !Node.isImportSpecifier(parent) &&
      !Node.isExportSpecifier(parent) &&
      !isRequireBindingElement(parent.compilerNode);
    const shape = keepName ? all.shaped.get(key) : undefined;
    const text = (shape?.prefix ?? '') + to + (shape?.suffix ?? '');
    out.push({ file, node, edit: { start, end: loc.getTextSpan().getEnd(), text } });
  }
  return out;
}
