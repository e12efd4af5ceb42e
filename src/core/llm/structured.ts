/**
 * Structured output through one forced tool call: the zod schema becomes the tool's input schema, and the
 * tool input is parsed back the way the Anthropic SDK's helpers/zod.ts does it. The error text is written
 * for the model: it is sent back verbatim when the pipeline asks for a corrected answer.
 */
import { z } from 'zod';
import { OrchestraError } from '../errors';
import { err, ok, type Result } from '../result';
import type { ToolSpec } from './modelClient';

/** How many issues are listed before "… and N more". */
const MAX_LISTED_ISSUES = 5;

export function toolFromSchema(name: string, description: string, schema: z.ZodType): ToolSpec {
  // `input`: fields with defaults are optional for the model, exactly as safeParse treats them.
  const json: Record<string, unknown> = { ...z.toJSONSchema(schema, { io: 'input' }) };
  delete json['$schema'];
  if (json['type'] !== 'object') {
    throw new OrchestraError(
      'internal',
      `tool ${name}: its schema must describe an object, got ${String(json['type'])}`,
    );
  }
  return { name, description, inputSchema: json };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

export function parseToolInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>> {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err(`The tool input is not valid JSON: ${reason}`);
    }
  }
  if (data === undefined) {
    return err('No tool input was returned: answer by calling the tool.');
  }
  const result = schema.safeParse(data);
  if (result.success) return ok(result.data);
  const issues = result.error.issues;
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`);
  const more =
    issues.length > MAX_LISTED_ISSUES ? [`  ... and ${issues.length - MAX_LISTED_ISSUES} more issue(s)`] : [];
  return err(['The tool input does not match the schema:', ...listed, ...more].join('\n'));
}
