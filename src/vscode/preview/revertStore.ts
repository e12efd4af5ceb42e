/**
 * Where the extension keeps the record of the last applied run, per workspace folder: in its global storage
 * (survives a window reload, never in the workspace), one file named by the sha256 of the folder's URI.
 */
import * as vscode from 'vscode';
import type { RunRecord } from '../../core/apply/runRecord';
import { parseRunRecord, serializeRunRecord } from '../../core/apply/runRecordJson';
import { err, ok, type Result } from '../../core/result';
import { sha256Hex } from '../../core/workspace/contentHash';

export class RevertStore {
  constructor(private readonly storage: vscode.Uri) {}

  private get dir(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'last-run');
  }

  uriFor(folder: vscode.Uri): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, `${sha256Hex(folder.toString()).slice(0, 32)}.json`);
  }

  /** The folder's record; undefined when there is none; an error saying why a stored one cannot be used. */
  async load(folder: vscode.Uri): Promise<Result<RunRecord | undefined>> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(this.uriFor(folder));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return ok(undefined);
      return err(`it could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const parsed = parseRunRecord(new TextDecoder().decode(bytes));
    if (!parsed.ok) return parsed;
    if (parsed.value.root !== folder.toString()) return err(`it belongs to ${parsed.value.root}`);
    return parsed;
  }

  /** Replaces the folder's record (temp file + rename, so a half-written record is never read). */
  async save(folder: vscode.Uri, record: RunRecord): Promise<void> {
    const target = this.uriFor(folder);
    await vscode.workspace.fs.createDirectory(this.dir);
    const tmp = target.with({ path: `${target.path}.tmp` });
    await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(serializeRunRecord(record)));
    await vscode.workspace.fs.rename(tmp, target, { overwrite: true });
  }

  async clear(folder: vscode.Uri): Promise<void> {
    await vscode.workspace.fs.delete(this.uriFor(folder)).then(undefined, () => undefined);
  }
}
