/**
 * Show Last Run as a read-only rendered view: the report is served from a virtual document (never an Untitled file
 * that asks to be saved on close) and opened in VS Code's Markdown preview.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'orchestra-report';
const REPORT_URI = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Orchestra run report.md' });

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private text = '';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(): string {
    return this.text;
  }

  /** Serves `markdown` as the report and opens it rendered; returns the (read-only) document. */
  async show(markdown: string): Promise<vscode.TextDocument> {
    this.text = markdown;
    // An open report document keeps its old text until its provider says it changed.
    this.changed.fire(REPORT_URI);
    const doc = await vscode.workspace.openTextDocument(REPORT_URI);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', REPORT_URI);
    } catch {
      // Without the built-in Markdown extension the source is still read-only and readable.
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
