/**
 * The text a file's edit is computed on, for Apply and Revert alike: an open document's once it has caught up
 * with the disk, else the text just read from disk. A file nobody has open is not opened first: opening 1,000
 * documents one round trip each took as long as the edit itself.
 */
import * as vscode from 'vscode';
import { changedSpan, positionAt } from './textSpan';

export interface EditBase {
  /** Without a BOM, as a document shows it. */
  current: string;
  position: (offset: number) => vscode.Position;
}

/** Keeps a BOM in the decoded text, as the engine's text does, so it is dropped in one place. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

/** Undefined when an open document never caught up with `expected`, or there is no text to edit. */
export async function editBase(
  doc: vscode.TextDocument | undefined,
  disk: Uint8Array | undefined,
  expected: string,
): Promise<EditBase | undefined> {
  if (doc) {
    const current = await settledText(doc, expected);
    return current === undefined ? undefined : { current, position: (offset) => doc.positionAt(offset) };
  }
  if (disk === undefined) return undefined;
  const current = withoutBom(decodeUtf8(disk));
  return {
    current,
    position: (offset) => {
      const { line, character } = positionAt(current, offset);
      return new vscode.Position(line, character);
    },
  };
}

/** Adds to `edit` the one replacement (only the span that differs) turning the base's text into `target`. */
export function replaceWith(
  edit: vscode.WorkspaceEdit,
  uri: vscode.Uri,
  base: EditBase,
  target: string,
  metadata: vscode.WorkspaceEditEntryMetadata,
): void {
  // The document drops a BOM the disk text may carry.
  const after = target.startsWith('\uFEFF') && !base.current.startsWith('\uFEFF') ? target.slice(1) : target;
  const span = changedSpan(base.current, after);
  if (!span) return;
  edit.replace(
    uri,
    new vscode.Range(base.position(span.start), base.position(span.end)),
    span.text,
    metadata,
  );
}

/**
 * The document's text once it matches what is on disk. A model that is open but not dirty can lag behind a
 * change on disk for a moment (VS Code reloads it from its file watcher); editing it then would be refused.
 */
export async function settledText(doc: vscode.TextDocument, disk: string): Promise<string | undefined> {
  const expected = withoutBom(disk);
  for (let waited = 0; waited <= 2_000; waited += 50) {
    if (doc.getText() === expected) return expected;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}
