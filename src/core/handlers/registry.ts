/**
 * Every subtask kind, in the order the plan schema's `handler` enum and the orchestrator prompt list them.
 * The schema, the prompt's handler section, plan validation and dispatch all read this list: a new kind
 * is one file implementing `Handler` plus its line here.
 */
import { OrchestraError } from '../errors';
import { createHandler } from './create';
import { deleteHandler } from './delete';
import { destructureParamsHandler } from './destructureParams';
import { extractTypeHandler } from './extractType';
import type { Handler } from './handler';
import { inferReturnTypeHandler } from './inferReturnType';
import { llmHandler } from './llm';
import { moveHandler } from './move';
import { moveToFileHandler } from './moveToFile';
import { renameHandler } from './rename';
import { toDefaultExportHandler } from './toDefaultExport';
import { toNamedExportHandler } from './toNamedExport';

export const HANDLERS = [
  llmHandler,
  renameHandler,
  createHandler,
  // Files moved or deleted, every import updated or checked (no model).
  moveHandler,
  deleteHandler,
  // TypeScript's own refactors, addressed by declaration name (no model).
  moveToFileHandler,
  destructureParamsHandler,
  toNamedExportHandler,
  toDefaultExportHandler,
  extractTypeHandler,
  inferReturnTypeHandler,
] as const satisfies readonly Handler[];

export type RegisteredHandler = (typeof HANDLERS)[number];
export type HandlerName = RegisteredHandler['name'];

export const HANDLER_NAMES: readonly HandlerName[] = HANDLERS.map((h) => h.name);

const BY_NAME = new Map<string, Handler>(HANDLERS.map((h) => [h.name, h]));

/** The handler a (schema-checked) subtask names. */
export function handlerFor(name: HandlerName): Handler {
  const handler = BY_NAME.get(name);
  // Unreachable for a parsed plan: its `handler` enum is this list.
  if (handler === undefined) throw new OrchestraError('internal', `no handler named "${name}" is registered`);
  return handler;
}
