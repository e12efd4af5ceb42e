/**
 * The zod pieces every file kept outside a run (the undo record, the run journal, plan and shard files) reads
 * paths and content hashes with, so a damaged or hand-edited file can never name a path outside the workspace.
 */
import { z } from 'zod';

/** sha256 hex, as `sha256Hex` (contentHash.ts) writes it. */
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/** Workspace-relative: never absolute nor above the root, whatever machine wrote the file. */
export const WorkspacePathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the workspace',
  });
