/**
 * The 'delete' handler: a file removed, with no model call. What is checkable, and where:
 * - plan validation: every file importing it (the workspace's import graph) must itself be deleted by the
 *   plan or rewritten by a model step (an llm worker that may drop the import); otherwise the step is
 *   refused there, naming the importers, and the orchestrator is re-asked;
 * - after the merge (`merge/fileOps.ts`): the final texts of every file left are scanned again, and a delete
 *   whose file is still imported (the worker kept the import) is refused, naming the importers.
 * A moved importer still imports the file, so a move does not count as removing an import.
 */
import type { Handler, HandlerRun } from './handler';
import { importGraphOf } from '../workspace/importGraph';

export const deleteHandler: Handler<'delete', undefined> = {
  name: 'delete',
  summary: 'delete a file (no model)',
  description:
    'delete an existing file: { file, handler: "delete" }. Use it (never an llm subtask emptying a file) when a\n' +
    '  file goes away, e.g. after its contents moved elsewhere. It is refused while any file would still import\n' +
    '  it: give each importer an llm subtask removing that import, or delete the importer too.',
  args: undefined,
  usesModel: false,
  validate(subtask, host) {
    // A `to` on it is refused by the plan check, which knows which handlers take one.
    return host.exists(subtask.file) ? undefined : 'no such file in the workspace';
  },
  validateInPlan(steps, index, host) {
    const subtask = steps[index]?.subtask;
    if (subtask === undefined || host.workspace === undefined) return undefined;
    const rewritten = new Set(
      steps.filter((s) => s.usesModel || s.subtask.handler === 'delete').map((s) => s.subtask.file),
    );
    const importers = [
      ...new Set((importGraphOf(host.workspace).in.get(subtask.file) ?? []).map((e) => e.from)),
    ];
    const left = importers.filter((f) => f !== subtask.file && !rewritten.has(f)).sort();
    if (left.length === 0) return undefined;
    return (
      `cannot delete ${subtask.file}: it is still imported by ${left.join(', ')}; add an llm subtask ` +
      'removing that import from each (or delete those files too), or leave the file'
    );
  },
  run({ subtask, gone }): Promise<HandlerRun> {
    if (gone?.has(subtask.file) === true) {
      const reason = `${subtask.file} was already moved or deleted by an earlier step`;
      return Promise.resolve({
        proposals: [],
        outcome: { costUsd: 0, attempts: 0, status: 'failed', reason, errorReason: 'bad-input' },
      });
    }
    return Promise.resolve({
      proposals: [{ file: subtask.file, after: '', deleted: true }],
      outcome: { costUsd: 0, attempts: 0, status: 'done', notes: `deleted ${subtask.file}` },
    });
  },
};
