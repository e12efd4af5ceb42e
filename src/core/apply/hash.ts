import { createHash } from 'node:crypto';

/** sha256 hex of text (as UTF-8) or raw bytes: the same value for a file's bytes and its decoded text. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
