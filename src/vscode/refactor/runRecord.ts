/** After a run: remember it for "Show Last Run", put its cost in the status bar, warn on a cost alert. */
import * as vscode from 'vscode';
import { formatUsage, usd } from '../../core/report';
import type { RefactorResult } from '../../core/runTypes';
import type { Services } from '../activation/services';
import type { ResumedRun } from './resumeSummary';

/** `resumed`: what the run took from its journal, when it was a resume (Show Last Run reports it). */
export function recordRun(services: Services, result: RefactorResult, resumed?: ResumedRun): void {
  services.lastRun = result;
  services.lastResumed = resumed;
  const changed = result.changes.length;
  const failed = result.outcomes.filter((o) => o.status === 'failed').length;
  services.log.info(
    `Run finished: ${changed} file(s) changed, ${failed} failed; ${formatUsage(result.usage)}; estimate ${usd(result.estimate.totalUsd)}.`,
  );
  const tooltip = [
    `Last run: ${result.instruction}`,
    `${changed} file(s) changed, ${failed} failed`,
    formatUsage(result.usage),
    `estimate ${usd(result.estimate.totalUsd)} vs actual ${usd(result.usage.costUsd)}`,
  ].join('\n');
  services.statusBar.finished(result.usage.costUsd, tooltip, result.costAlert !== undefined);
  if (result.costAlert) {
    services.log.warn(`Cost alert: ${result.costAlert}`);
    void vscode.window
      .showWarningMessage(`Orchestra cost alert: ${result.costAlert}`, 'Show Report')
      .then((c) => c && vscode.commands.executeCommand('orchestra.showLastRun'));
  }
}
