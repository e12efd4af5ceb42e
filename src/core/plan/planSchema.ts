import { z } from 'zod';

/** The orchestrator's plan: one subtask per file. Shape sent to the model as the tool's JSON schema. */
export const SubtaskSchema = z
  .object({
    file: z.string().min(1).describe('Workspace-relative path with forward slashes.'),
    handler: z
      .enum(['llm', 'rename', 'create'])
      .describe(
        "'rename' = deterministic symbol rename (no model); 'create' = a new file; 'llm' = a worker edits it.",
      ),
    instructions: z.string().min(1).describe('What to change in this file and why, self-contained.'),
    priority: z.number().int().min(1).max(10).default(5).describe('10 = essential, 1 = nice to have.'),
    rename: z
      .object({ from: z.string().min(1), to: z.string().min(1) })
      .optional()
      .describe("For handler 'rename': the symbol's current and new name."),
  })
  .strict();

export const PlanSchema = z
  .object({
    summary: z.string().min(1).describe('One or two sentences: the change as a whole.'),
    subtasks: z.array(SubtaskSchema).describe('At most one subtask per file.'),
  })
  .strict();

export type Subtask = z.infer<typeof SubtaskSchema>;
export type Plan = z.infer<typeof PlanSchema>;
