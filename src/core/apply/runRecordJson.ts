/**
 * A run record as stored (JSON), read back with the same care as model output: JSON.parse, the schema, and
 * every text checked against its hash, so a damaged or hand-edited record never drives a revert.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result';
import { sha256Hex } from '../workspace/contentHash';
import { Sha256Schema, WorkspacePathSchema } from '../workspace/storedSchemas';
import { RUN_RECORD_VERSION, type RunRecord } from './runRecord';

const RecordedTextSchema = z.object({ text: z.string(), sha256: Sha256Schema });

const RunRecordSchema = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  root: z.string().min(1),
  instruction: z.string(),
  appliedAt: z.string(),
  files: z.array(
    z.object({
      path: WorkspacePathSchema,
      before: RecordedTextSchema.optional(),
      after: RecordedTextSchema.optional(),
    }),
  ),
  createdDirs: z.array(WorkspacePathSchema),
});

export function serializeRunRecord(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** The record in `text`, or why it cannot be used (in words for a message). */
export function parseRunRecord(text: string): Result<RunRecord> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(`it is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const parsed = RunRecordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return err(`it does not have the expected shape (${first})`);
  }
  for (const file of parsed.data.files) {
    for (const side of [file.before, file.after]) {
      if (side && sha256Hex(side.text) !== side.sha256)
        return err(`the text kept for ${file.path} does not match its hash`);
    }
  }
  return ok(parsed.data);
}
