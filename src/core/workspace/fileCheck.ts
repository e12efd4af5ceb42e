/**
 * One listed file's load-time check: read once as bytes (a shared view, never kept), size, UTF-8 and
 * minified checks, the hash of its bytes and its import records. The whole load runs it over every file;
 * an incremental update runs it on the files that changed.
 */
import path from 'node:path';
import { sha256Hex } from './contentHash';
import { checkBytes, scanImportBytes } from './byteScan';
import { readFileShared } from './fileReader';
import { scanImports, type ImportRecord } from './importScan';
import { tooLargeReason } from './textChecks';

export type FileCheck = { ok: true; hash: string; imports: ImportRecord[] } | { ok: false; reason: string };

export function checkFile(
  root: string,
  rel: string,
  maxFileBytes: number,
  specifiers: Map<string, string>,
): FileCheck {
  let bytes: Buffer;
  try {
    // No stat first: one read is ~2× faster over thousands of files, and huge files are rare.
    bytes = readFileShared(path.join(root, rel));
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (bytes.length > maxFileBytes) return { ok: false, reason: tooLargeReason(bytes.length, maxFileBytes) };
  const check = checkBytes(bytes);
  if (!check.ok) return { ok: false, reason: check.error };
  // The text decodes these bytes exactly (strict UTF-8, BOM kept), so this is also sha256(text).
  const hash = sha256Hex(bytes);
  const records = check.value !== undefined ? scanImports(check.value) : scanImportBytes(bytes);
  return { ok: true, hash, imports: detached(records, specifiers) };
}

/**
 * Import records that do not keep their file's text alive: V8 returns longer regex captures as slices
 * of the source string, so each specifier is copied once (and shared between files).
 */
function detached(records: ImportRecord[], specifiers: Map<string, string>): ImportRecord[] {
  return records.map((r) => {
    let specifier = specifiers.get(r.specifier);
    if (specifier === undefined) {
      specifier = Buffer.from(r.specifier, 'utf8').toString('utf8');
      specifiers.set(specifier, specifier);
    }
    return { specifier, kind: r.kind, typeOnly: r.typeOnly };
  });
}
