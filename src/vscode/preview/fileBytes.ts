/**
 * Reads for Apply and its revert record at 1,000 files. The extension runs where the workspace's files are
 * (a workspace extension), so a `file:` URI is read with Node's fs directly: through `workspace.fs` each read
 * is a round trip to the workbench, and 1,000 of them took 20 s in code-server. Other schemes (virtual
 * workspaces) go through `workspace.fs`.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';

/** The file's bytes, or undefined when it does not exist (or cannot be read). */
export async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return uri.scheme === 'file' ? await readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

/** The documents VS Code has open now, by URI: looked up per file without a scan of all of them. */
export function openDocuments(): Map<string, vscode.TextDocument> {
  return new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
}

/** Files read or opened at once: enough to overlap the round trips, few enough not to flood the host. */
export const READS_AT_ONCE = 32;

/** `fn` over `items` with at most `limit` in flight, results in the items' order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
