/**
 * After a load, a command or an incremental update, parses the cached workspace ahead in the worker's idle
 * time (core/facts/parseAhead) so the next command's facts need no parsing; stops when the cache drops the
 * workspace. Moved here from the host with the workspace it parses.
 */
import { parseAhead, type ParseAheadReport } from '../../core/facts/parseAhead';
import type { Workspace } from '../../core/workspace/workspace';
import type { WorkspaceCache } from '../refactor/workspaceCache';
import type { LogLevel } from './protocol';

/**
 * 'again': files changed during a pass, so one more once it ends. `maxFiles`: a pass that stopped at the
 * memory budget bounds the later ones to as many files, so edits never grow it.
 */
interface Pass {
  state: 'running' | 'again' | 'done';
  maxFiles?: number;
}

export class ParseAheadPasses {
  /** The query project only grows, so once per workspace is enough — until an update changed files. */
  private readonly passes = new WeakMap<Workspace, Pass>();

  constructor(
    private readonly workspaces: WorkspaceCache,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {}

  /** `resume`: files changed since the last pass, so pass again (files already parsed cost nothing). */
  async run(megabytes: number, resume: boolean): Promise<ParseAheadReport | undefined> {
    const cached = this.workspaces.current();
    if (!cached || megabytes <= 0) return undefined;
    const workspace = await cached.workspace;
    const previous = this.passes.get(workspace);
    if (previous?.state === 'running' || previous?.state === 'again') {
      if (resume) previous.state = 'again';
      return undefined;
    }
    if (previous?.state === 'done' && !resume) return undefined;
    const pass: Pass = { state: 'running', maxFiles: previous?.maxFiles };
    this.passes.set(workspace, pass);
    let last: ParseAheadReport | undefined;
    try {
      for (;;) {
        const started = Date.now();
        const report = await parseAhead(workspace, {
          signal: cached.kept,
          maxHeapGrowthBytes: megabytes * 1024 * 1024,
          maxFiles: pass.maxFiles,
        });
        this.log(
          'debug',
          `Parsed ahead ${report.parsed} file(s) (${report.sourceChars.toLocaleString('en-US')} characters) in ${Date.now() - started} ms` +
            (report.leftOut > 0 ? `; ${report.leftOut} left for later queries (budget)` : '') +
            (report.aborted ? '; stopped: the workspace changed' : ''),
        );
        last = report;
        if (report.leftOut > 0 && !report.aborted) pass.maxFiles ??= report.parsed;
        if (pass.state !== 'again' || report.aborted) break;
        pass.state = 'running';
      }
    } finally {
      pass.state = 'done';
    }
    return last;
  }
}
