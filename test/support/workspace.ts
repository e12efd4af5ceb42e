/** Test helpers for src/core/workspace: opened inline trees, checked-in fixtures, candidate summaries. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DiskWorkspace } from '../../src/core/workspace/diskWorkspace';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import type { OpenOptions } from '../../src/core/workspace/workspace';
import type { WorkspaceFacts } from '../../src/core/facts/types';
import { writeTree } from './tempTree';

/** `project({ 'a.ts': '…' })` in the ts-morph style: an opened workspace over an inline temp tree. */
export async function makeWorkspace(
  files: Record<string, string | Uint8Array>,
  options?: OpenOptions,
): Promise<DiskWorkspace> {
  return openWorkspace(writeTree(files), options);
}

export function fixturePath(name: string): string {
  return path.join(import.meta.dirname, '..', 'fixtures', name);
}

/** A fixture's files (relative path → text), to copy into a temp dir that a run may write. */
export function fixtureFiles(name: string): Record<string, string> {
  const root = fixturePath(name);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else files[path.relative(root, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return files;
}

/**
 * The candidates for `User` in test/fixtures/ws-monorepo, as `candidateSummary` gives them: the engine's
 * test and the CLI's (which must print the same) both check against this.
 */
export const WS_MONOREPO_USER = [
  { file: 'packages/core/src/user.ts', reasons: ['definition', 'reference'], references: 2 },
  { file: 'packages/app/src/main.ts', reasons: ['reference', 'type-import'], references: 3 },
  { file: 'packages/app/src/profile.ts', reasons: ['reference', 'type-import'], references: 2 },
  { file: 'packages/core/src/format.ts', reasons: ['reference', 'type-import'], references: 2 },
  { file: 'packages/app/src/banner.ts', reasons: ['text-match'], references: 0 },
  { file: 'packages/core/src/index.ts', reasons: ['re-export'], references: 0 },
  { file: 'packages/core/src/user.test.ts', reasons: ['importer', 'test'], references: 0 },
];

/** Exactly what `orchestra facts --json` prints per candidate. */
export function candidateSummary(
  facts: WorkspaceFacts,
): Array<{ file: string; reasons: string[]; references: number }> {
  return facts.candidates.map(({ file, reasons, references }) => ({ file, reasons, references }));
}

/** One line per candidate (`file [reasons] refs @lines`), for compact exact assertions. */
export function candidateLines(facts: WorkspaceFacts): string[] {
  return facts.candidates.map(
    (c) => `${c.file} [${c.reasons.join(',')}] ${c.references} @${c.lines.join(',')}`,
  );
}
