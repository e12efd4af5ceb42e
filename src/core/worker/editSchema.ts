import { z } from 'zod';
import type { Result } from '../result';

/**
 * What a worker returns for its one file: search/replace blocks, or whole content for new or small files.
 * Descriptions are sent to the model as part of the tool's JSON schema.
 */
export const SearchReplaceSchema = z
  .object({
    search: z
      .string()
      .min(1)
      .describe('Exact text currently in the file, long enough to be unique (include surrounding lines).'),
    replace: z.string().describe('The text that replaces `search`.'),
  })
  .strict();

export const WorkerOutputSchema = z
  .object({
    file: z.string().min(1).describe('The file being edited: exactly the path you were assigned.'),
    edits: z.array(SearchReplaceSchema).default([]).describe('Search/replace blocks applied in order.'),
    content: z
      .string()
      .optional()
      .describe('Whole new file content; only for new files or when rewriting a small file entirely.'),
    notes: z.string().optional().describe('One sentence on what changed, for the report.'),
  })
  .strict();

export type SearchReplace = z.infer<typeof SearchReplaceSchema>;
export type WorkerOutput = z.infer<typeof WorkerOutputSchema>;

/** An edit after it was located in the file: character offsets into the original text. */
export interface LocatedEdit {
  start: number;
  end: number;
  replacement: string;
  /** How the search text was found. */
  match: 'exact' | 'whitespace';
}

/** The edited text and where each block landed. */
export interface AppliedEdits {
  text: string;
  located: LocatedEdit[];
}

/** Why the edits did not apply: a message for the model's retry, and the failing block (-1: the whole output). */
export interface EditFailure {
  message: string;
  index: number;
}

export type ApplyEditsResult = Result<AppliedEdits, EditFailure>;
