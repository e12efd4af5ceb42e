/**
 * A synthetic workspace of `files` small modules and a plan that marks the first `planned` of them, one worker
 * per file: the set-up of the resume tests (a long run to interrupt). Each worker adds one comment line.
 */
import type { MockAnthropic, MockReplyFn } from '../mock-anthropic/server';
import { toolUseReply } from '../mock-anthropic/server';
import { isPlan, isWorker, workerFile } from './mockRequests';

export const MARK_INSTRUCTION = 'add a `// marked` comment at the top of the planned modules';

export function markFile(i: number): string {
  return `src/m${String(i).padStart(3, '0')}.ts`;
}

export function markProject(files: number): Record<string, string> {
  const tree: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
  };
  for (let i = 0; i < files; i++) tree[markFile(i)] = `export const value${i} = ${i};\n`;
  return tree;
}

/** A planned file as its worker leaves it. */
export function markedText(i: number): string {
  return `// marked\nexport const value${i} = ${i};\n`;
}

export function markPlan(planned: number): unknown {
  return {
    summary: 'Mark the planned modules.',
    subtasks: Array.from({ length: planned }, (_, i) => ({
      file: markFile(i),
      handler: 'llm',
      instructions: 'Add a `// marked` comment line at the top of the file.',
      priority: 5,
    })),
  };
}

/** The worker's answer for the file it is asked about: one edit that puts the comment on top. */
export const markWorker: MockReplyFn = (req) =>
  toolUseReply({
    file: workerFile(req) ?? '',
    edits: [{ search: 'export const', replace: '// marked\nexport const' }],
  })(req);

export function scriptMarkRun(mock: MockAnthropic, planned: number, worker: MockReplyFn = markWorker): void {
  mock.on(isPlan, toolUseReply(markPlan(planned)));
  mock.on(isWorker(), worker);
}
