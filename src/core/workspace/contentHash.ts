import { hash } from 'node:crypto';

/**
 * The content hash `Workspace.hashOf()` records and apply compares against: sha256 hex of a file's bytes,
 * which equals that of its text (the workspace decodes strict UTF-8 and keeps a BOM). One-shot: no Hash
 * object per file.
 */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}
