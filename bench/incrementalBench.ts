/**
 * Incremental workspace: a warm query after one file of the ~1,000-file synthetic code base was edited
 * (the update re-reads and re-parses that file alone), and after 200 files changed at once (a burst: the
 * extension's cache loads again) against the cold load and query. One process on a copy of the corpus:
 * the cold numbers come first, so they are truly cold.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gatherFacts } from '../src/core/facts/facts';
import { parseAhead } from '../src/core/facts/parseAhead';
import { openWorkspace } from '../src/core/workspace/openWorkspace';
import { decideChanges } from '../src/core/workspace/workspaceChanges';
import { WORK_DIR } from './paths';
import type { BenchResult } from './results';
import type { SyntheticWorkspace } from './synthetic';

const seconds = (from: number): number => (performance.now() - from) / 1000;

export async function incrementalBench(
  s: SyntheticWorkspace,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  const root = mkdtempSync(path.join(WORK_DIR, 'incremental-'));
  try {
    cpSync(s.root, root, { recursive: true });
    const first = { instruction: '', seed: { name: s.target.name, file: s.target.file }, importDepth: 1 };
    const second = { instruction: '', seed: { name: s.second.name, file: s.second.file }, importDepth: 1 };
    let t = performance.now();
    const ws = await openWorkspace(root);
    await gatherFacts(ws, first);
    const cold = seconds(t);
    await parseAhead(ws);
    t = performance.now();
    await gatherFacts(ws, second);
    const warm = seconds(t);

    // One file edited: a reference file of the target gains a line.
    const edited = s.referenceFiles.find((f) => f !== s.target.file) ?? s.target.file;
    appendFileSync(path.join(root, edited), `export const __edited = ${s.target.name} === undefined;\n`);
    t = performance.now();
    const one = decideChanges(root, [path.join(root, edited)]);
    if (one.kind !== 'update') throw new Error(`one edited file should update, not ${one.kind}`);
    const update = ws.update(one.files);
    const afterOne = await gatherFacts(ws, second);
    const warmAfterEdit = seconds(t);
    if (update.kind !== 'updated') throw new Error(`update refused: ${update.reason}`);

    // 200 files changed at once (a formatter over the tree): the cache's decision, then its load and query.
    const changed = ws.listFiles().slice(0, 200);
    for (const f of changed) appendFileSync(path.join(root, f), '// formatted\n');
    const abs = changed.map((f) => path.join(root, f));
    t = performance.now();
    const burst = decideChanges(root, abs);
    if (burst.kind !== 'reload') throw new Error(`200 changed files should reload, not ${burst.kind}`);
    const reloaded = await openWorkspace(root);
    await gatherFacts(reloaded, second);
    const after200 = seconds(t);
    // For comparison: the same 200 files through the incremental path.
    t = performance.now();
    ws.update(changed);
    await gatherFacts(ws, second);
    const update200 = seconds(t);
    log(
      `  incremental: cold ${cold.toFixed(3)} s, warm ${warm.toFixed(3)} s, after one edit ${warmAfterEdit.toFixed(3)} s ` +
        `(${afterOne.candidates.length} candidates), 200 changed: reload + query ${after200.toFixed(3)} s ` +
        `(incremental update + query would take ${update200.toFixed(3)} s)`,
    );
    return [
      {
        name: 'incremental.warm_after_one_edit_s',
        value: warmAfterEdit,
        target: 0.3,
        better: 'lower',
        unit: 's',
        note: `update of 1 file + warm query, ${s.fileCount} files`,
      },
      {
        name: 'incremental.after_200_changed_vs_cold',
        value: after200 / cold,
        target: 1,
        better: 'lower',
        unit: '×',
        note: 'burst → background reload + query, over the cold load + query',
      },
      {
        name: 'incremental.update_200_files_s',
        value: update200,
        target: null,
        better: 'lower',
        unit: 's',
        note: 'the same 200 files updated one by one + query (the path a burst does not take)',
      },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
