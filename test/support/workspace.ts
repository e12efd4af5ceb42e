/** Test helpers for src/core/workspace: inline file trees in temp dirs, checked-in fixtures, summaries. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DiskWorkspace } from '../../src/core/workspace/diskWorkspace';
import { openWorkspace } from '../../src/core/workspace/openWorkspace';
import type { OpenOptions } from '../../src/core/workspace/workspace';
import type { WorkspaceFacts } from '../../src/core/facts/types';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (relative path → text or bytes) into a fresh temp dir, removed when the process exits. */
export function writeTree(files: Record<string, string | Uint8Array>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'orchestra-ws-')));
  created.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

/** `project({ 'a.ts': '…' })` in the ts-morph style: an opened workspace over an inline tree. */
export async function makeWorkspace(
  files: Record<string, string | Uint8Array>,
  options?: OpenOptions,
): Promise<DiskWorkspace> {
  return openWorkspace(writeTree(files), options);
}

export function fixturePath(name: string): string {
  return path.join(import.meta.dirname, '..', 'fixtures', name);
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
