/** The zod pieces the plan file and the shard file share. */
import { z } from 'zod';

import { Sha256Schema, WorkspacePathSchema } from '../workspace/storedSchemas';

export const Sha256 = Sha256Schema;
/** Workspace-relative: never absolute nor above the root, whatever machine wrote the file. */
export const RelativePath = WorkspacePathSchema;

const Count = z.number().int().nonnegative();

export const LedgerRecordSchema = z.object({
  role: z.enum(['orchestrator', 'worker', 'repair', 'follow-up']),
  provider: z.string().optional(),
  model: z.string().min(1),
  label: z.string().optional(),
  usage: z.object({
    inputTokens: Count,
    outputTokens: Count,
    cacheCreationInputTokens: Count,
    cacheReadInputTokens: Count,
  }),
  requestId: z.string().optional(),
});

/** The first issues of a failed parse as `path: message`, the way the engine reports model output. */
export function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
