/**
 * One walk of the tree: TypeScript and JavaScript files, tsconfig.json, jsconfig.json and package.json
 * files, outside build output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isJsFile, isTsFile } from './paths';

/** Folders never walked: dependencies, build output, VCS data. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'out', '.git', '.hg', '.svn']);

export interface TreeScan {
  /** Relative forward-slash paths, sorted. */
  tsFiles: string[];
  /** `.js/.jsx/.mjs/.cjs` files, listed only when a config allows JavaScript or no TypeScript is found. */
  jsFiles: string[];
  tsconfigs: string[];
  jsconfigs: string[];
  packageJsons: string[];
}

export function scanTree(root: string): TreeScan {
  const scan: TreeScan = { tsFiles: [], jsFiles: [], tsconfigs: [], jsconfigs: [], packageJsons: [] };
  const walk = (dir: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to offer
    }
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      // Symlinks are not followed: they may lead outside the root or loop.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name), childRel);
      } else if (entry.isFile()) {
        if (entry.name === 'tsconfig.json') scan.tsconfigs.push(childRel);
        else if (entry.name === 'package.json') scan.packageJsons.push(childRel);
        else if (isTsFile(entry.name)) scan.tsFiles.push(childRel);
        else if (isJsFile(entry.name)) scan.jsFiles.push(childRel);
        else if (entry.name === 'jsconfig.json') scan.jsconfigs.push(childRel);
      }
    }
  };
  walk(root, '');
  scan.tsFiles.sort();
  scan.jsFiles.sort();
  scan.tsconfigs.sort(byDepthThenName);
  scan.jsconfigs.sort(byDepthThenName);
  scan.packageJsons.sort(byDepthThenName);
  return scan;
}

export function byDepthThenName(a: string, b: string): number {
  const da = a.split('/').length;
  const db = b.split('/').length;
  return da !== db ? da - db : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A small glob matcher for OpenOptions include/exclude (`**`, `*`, `?`). A pattern also matches
 * everything below a matching folder; a pattern without '/' matches a file name at any depth.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re.replace(/\/$/, '')}(?:/.*)?$`);
}

export function matchesAny(file: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => re.test(file));
}
