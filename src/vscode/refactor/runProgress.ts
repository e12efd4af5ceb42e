/**
 * Turns pipeline events into the log, the progress notification ("3/8 files · $0.012") and the status bar.
 */
import type * as vscode from 'vscode';
import { usd } from '../../core/report';
import type { PipelineEvent } from '../../core/runTypes';
import { SUBTASK_STATUSES } from '../../core/stageTypes';
import type { Logger } from '../activation/log';
import type { RunStatusBar } from '../activation/statusBar';

const TERMINAL: ReadonlySet<string> = new Set(SUBTASK_STATUSES);

export class RunProgress {
  private done = 0;
  private costUsd = 0;
  private progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly statusBar: RunStatusBar,
    private total = 0,
  ) {}

  /** Points progress messages at a (new) notification; `total` files will be worked on. */
  attach(progress: vscode.Progress<{ message?: string; increment?: number }>, total: number): void {
    this.progress = progress;
    this.total = total;
    this.done = 0;
    this.render();
  }

  readonly onEvent = (event: PipelineEvent): void => {
    switch (event.type) {
      case 'log':
        this.log.log(event.level, event.message);
        return;
      case 'stage':
        this.log.info(`[${event.stage}] ${event.message}`);
        this.progress?.report({ message: event.message });
        return;
      case 'subtask':
        this.log.info(`${event.file}: ${event.status}${event.detail ? ` — ${event.detail}` : ''}`);
        if (TERMINAL.has(event.status)) {
          this.done++;
          this.render(this.total ? 100 / this.total : 0);
        }
        return;
      case 'usage':
        this.costUsd = event.costUsd;
        this.log.debug(
          `usage: ${event.calls} calls, ${event.usage.inputTokens} in / ${event.usage.cacheReadInputTokens} cache-read / ${event.usage.outputTokens} out, ${usd(event.costUsd)}`,
        );
        this.render();
        return;
    }
  };

  get costSoFar(): number {
    return this.costUsd;
  }

  private render(increment = 0): void {
    if (this.total === 0) return;
    this.progress?.report({
      message: `${this.done}/${this.total} files · ${usd(this.costUsd)} so far`,
      increment,
    });
    this.statusBar.running(this.done, this.total, this.costUsd);
  }
}
