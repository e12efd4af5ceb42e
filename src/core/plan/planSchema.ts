import { z } from 'zod';
import { HANDLER_NAMES, HANDLERS, type RegisteredHandler } from '../handlers/registry';
import { GroupSchema } from './groupSchema';

/** Handlers that take arguments, each under a field named after it (`rename: { from, to }`). */
type WithArgs = Extract<RegisteredHandler, { args: object }>;
type ArgFields = { [H in WithArgs as H['name']]: z.ZodOptional<H['args']['schema']> };

function argFields(): ArgFields {
  const fields: Record<string, z.ZodType> = {};
  for (const h of HANDLERS)
    if (h.args) fields[h.name] = h.args.schema.optional().describe(h.args.description);
  // The loop builds exactly the mapped type: one optional field per handler with arguments.
  return fields as ArgFields;
}

/** Worker tiers a model subtask may ask for, mapped to configured models (`RunConfig.models.fast/strong`). */
export const TIERS = ['fast', 'strong'] as const;
export type Tier = (typeof TIERS)[number];

const groupHandlers = HANDLERS.filter((h) => h.takesGroup === true)
  .map((h) => h.name)
  .join('/');

const sharesFiles = HANDLERS.flatMap((h) =>
  h.sameFile !== undefined ? [`'${h.name}' (one per ${h.sameFile.per})`] : [],
);

/**
 * The orchestrator's plan: one subtask per file (several for a handler that may share one), or one per group of
 * files getting the same change (`group`, expanded by the plan check). Shape sent to the model as the tool's JSON
 * schema; the handler enum, argument fields and which handlers take a group come from the registry.
 */
export const SubtaskSchema = z
  .object({
    file: z
      .string()
      .min(1)
      .describe(
        'Workspace-relative path with forward slashes; for a subtask with a "group", a short label of the group.',
      ),
    handler: z
      .enum(HANDLER_NAMES)
      .describe(HANDLERS.map((h) => `'${h.name}' = ${h.summary}`).join('; ') + '.'),
    instructions: z.string().min(1).describe('What to change in this file and why, self-contained.'),
    priority: z.number().int().min(1).max(10).default(5).describe('10 = essential, 1 = nice to have.'),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/)
      .optional()
      .describe(
        'A short id other subtasks may depend on (letters, digits, _ . -); given "s1", "s2"… when left out.',
      ),
    dependsOn: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Ids of the subtasks that must finish first: this one then starts from the code they produced ' +
          '(a caller after the declaration it uses; a second step on a file after the first).',
      ),
    tier: z
      .enum(TIERS)
      .optional()
      .describe(
        "Worker model for a model subtask: 'strong' for a hard change (a declaration's new shape), 'fast' " +
          '(cheaper) for mechanical edits such as call sites. Left out: the default worker model.',
      ),
    to: z
      .string()
      .min(1)
      .optional()
      .describe(
        `${HANDLERS.filter((h) => h.takesTarget === true)
          .map((h) => h.name)
          .join('/')} only: the new workspace-relative path.`,
      ),
    group: GroupSchema.optional().describe(
      `${groupHandlers} only: the files by a query instead of one path (exactly one of references, importersOf, ` +
        'glob, files), each getting this subtask with its instructions; each file counts against the cap.',
    ),
    ...argFields(),
  })
  .strict();

export const PlanSchema = z
  .object({
    summary: z.string().min(1).describe('One or two sentences: the change as a whole.'),
    subtasks: z
      .array(SubtaskSchema)
      .describe(
        'At most one subtask per file' +
          (sharesFiles.length > 0 ? `, except ${sharesFiles.join(', ')}` : '') +
          '; a model step may also follow other steps on its file when it depends on each model step there.',
      ),
  })
  .strict();

export type Subtask = z.infer<typeof SubtaskSchema>;
export type Plan = z.infer<typeof PlanSchema>;
