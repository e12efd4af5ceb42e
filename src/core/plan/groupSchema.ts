/**
 * A file group: one subtask whose files are named by a query instead of one path, with one shared instruction.
 * The orchestrator's answer then grows with the kinds of change, not with the files; the plan check expands a
 * group into one subtask per member file (`groups.ts`). Plain zod, no registry import: `planSchema.ts`, the
 * expansion and the review all take it from here.
 */
import { z } from 'zod';

export const GroupSchema = z
  .object({
    references: z
      .object({
        symbol: z.string().min(1).describe('The declaration whose uses change, as it is named now.'),
        declaredIn: z
          .string()
          .min(1)
          .optional()
          .describe('The file declaring it, when the name is declared in more than one file.'),
      })
      .strict()
      .optional()
      .describe('Every file that references the symbol (its declaring file is not a member).'),
    importersOf: z
      .string()
      .min(1)
      .optional()
      .describe('Every file that imports this workspace file directly.'),
    glob: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Workspace files matching this glob, relative to the workspace root with "/" between folders: `*` and ' +
          '`?` within one folder name, `**` across folders, braces `src/**/*.{ts,tsx}`, classes `[ab]`; ' +
          'without a "/" it matches file names at any depth; a folder takes every file below it; dot-files ' +
          'match like any other; escape `()[]{}` in a name with a backslash. No leading "!": leave files ' +
          'out with "except".',
      ),
    files: z.array(z.string().min(1)).min(1).optional().describe('An explicit list of workspace files.'),
    except: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Files to leave out of the group (e.g. one another subtask changes): paths, or globs like "glob" ' +
          '(`**/*.test.ts`).',
      ),
  })
  .strict();

export type Group = z.infer<typeof GroupSchema>;

/** The query kinds, in the order the prompt names them; a group uses exactly one. */
export const GROUP_QUERIES = ['references', 'importersOf', 'glob', 'files'] as const;
export type GroupQuery = (typeof GROUP_QUERIES)[number];

/** An expanded group as the review shows it: one row, its query and instruction, its member files. */
export interface PlanGroup {
  /** The group subtask's id; its members' ids start with it (`g1.1`, `g1.2`…). */
  readonly id: string;
  /** What the orchestrator wrote in the group's `file` (a short label). */
  readonly label: string;
  /** The query in words: `references of fetchJson (declared in src/api.ts)`, `importers of src/a.ts`… */
  readonly query: string;
  readonly handler: string;
  readonly instructions: string;
  /** Member subtask ids and files in the checked plan (after the cap and the same-file checks), in order. */
  readonly members: ReadonlyArray<{ readonly id: string; readonly file: string }>;
  /** Files the query matched, before the cap and the same-file checks took any out. */
  readonly matched: number;
}

/** The query of a group in words, for messages and the review. */
export function describeGroup(group: Group): string {
  const parts: string[] = [];
  if (group.references) {
    const where = group.references.declaredIn ? ` (declared in ${group.references.declaredIn})` : '';
    parts.push(`references of ${group.references.symbol}${where}`);
  }
  if (group.importersOf !== undefined) parts.push(`importers of ${group.importersOf}`);
  if (group.glob !== undefined) parts.push(`files matching ${group.glob}`);
  if (group.files !== undefined) parts.push(`${group.files.length} listed files`);
  const query = parts.join(' + ') || 'no query';
  return group.except?.length ? `${query}, except ${group.except.join(', ')}` : query;
}
