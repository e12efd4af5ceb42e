/** One status bar item: progress while a run is going, the last run's cost afterwards (click → report). */
import * as vscode from 'vscode';

export class RunStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('orchestra.lastRun', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Orchestra';
  }

  running(done: number, total: number, costUsd: number): void {
    this.item.text = `$(sync~spin) Orchestra ${done}/${total} · ${usd(costUsd)}`;
    this.item.tooltip = 'Orchestra refactor in progress — click to cancel';
    this.item.command = 'orchestra.cancelRun';
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  finished(costUsd: number, tooltip: string, alert: boolean): void {
    this.item.text = `$(checklist) Orchestra ${usd(costUsd)}`;
    this.item.tooltip = `${tooltip}\nClick to show the last run's report.`;
    this.item.command = 'orchestra.showLastRun';
    this.item.backgroundColor = alert ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** The item's current text (tests read it through the extension API). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

function usd(value: number): string {
  return `$${value.toFixed(value < 0.01 ? 4 : 3)}`;
}
