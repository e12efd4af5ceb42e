/**
 * Show Last Run as a read-only rendered view: the report is served from a virtual document (never an Untitled file
 * that asks to be saved on close) and opened in VS Code's Markdown preview.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'orchestra-report';

export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** Each report gets its own URI: VS Code caches a virtual document's text per URI. */
  private readonly texts = new Map<string, string>();
  private shown = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }

  /** Serves `markdown` as a new report and opens it rendered; returns the (read-only) document. */
  async show(markdown: string): Promise<vscode.TextDocument> {
    const id = String(++this.shown);
    // Only the latest report is kept; an older one still open shows as empty rather than growing memory.
    this.texts.clear();
    this.texts.set(id, markdown);
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Orchestra run report.md', query: id });
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension the source is still read-only and readable.
      await vscode.window.showTextDocument(doc, { preview: false });
    }
    return doc;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
