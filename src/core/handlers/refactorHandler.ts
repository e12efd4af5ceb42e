/**
 * A deterministic handler made of one of TypeScript's refactors (no model): what every refactor handler
 * shares — its checks, its run on the texts earlier steps left, its outcome, and where it is available.
 * Each refactor's own code (what it addresses and which action it asks for) is a `RefactorSpec` in its file.
 */
import { z } from 'zod';
import { toOrchestraError } from '../errors';
import type { Workspace } from '../workspace/workspace';
import {
  crashedRun,
  type Handler,
  type HandlerArgs,
  type HandlerHost,
  type HandlerRun,
  type SubtaskFor,
} from './handler';
import { withTexts } from './overlay';
import { availableTargets, type Probe } from './refactorAvailability';
import { runRefactorStep, type RefactorSpec, type SymbolArgs } from './refactorStep';
import { stepGraph } from './stepGraph';
import type { RefactorChange } from './tsRefactor';

export interface RefactorHandlerDef<N extends string, H extends HandlerArgs, A extends SymbolArgs> {
  readonly name: N;
  readonly summary: string;
  readonly description: string;
  /** Its arguments' schema; what it parses to (`A`) is what the spec, probes and notes are given. */
  readonly args: H & HandlerArgs<z.ZodType<A>>;
  /** The subtask's arguments; by default its field named after the handler, as the plan schema parsed it. */
  argsOf?(subtask: SubtaskFor<N, H>): A | undefined;
  readonly spec: RefactorSpec<A>;
  /** Checks of the arguments alone (a valid identifier, a sane target path), before any code is read. */
  checkArgs?(args: A, file: string, host: HandlerHost): string | undefined;
  /** The arguments that try this refactor on a declaration the facts name (`address`: how it is named). */
  probes: Probe<A>;
  /** The outcome's notes when it changed files. */
  notes(args: A, changes: readonly RefactorChange[]): string;
}

export function refactorHandler<N extends string, H extends HandlerArgs, A extends SymbolArgs>(
  def: RefactorHandlerDef<N, H, A>,
): Handler<N, H> {
  const { name, spec } = def;
  // The plan schema parsed the field named after the handler with `def.args.schema`, whose output is `A`.
  const argsOf = (subtask: SubtaskFor<N, H>): A | undefined =>
    def.argsOf ? def.argsOf(subtask) : (subtask[name] as A | undefined);
  const label = (args: A, file: string): string => `${name} ${args.symbol.trim()} (${file})`;
  const attempt = (
    ws: Workspace,
    current: ReadonlyMap<string, string>,
    file: string,
    args: A,
    gone: ReadonlySet<string> = new Set(),
  ) =>
    withTexts(
      ws,
      current,
      // Importers as the steps before left them: after a move, the moved file's are found at its new path.
      (view) => runRefactorStep(spec, { view, graph: stepGraph(ws, view, current, gone), file }, args),
      gone,
    );
  return {
    name,
    summary: def.summary,
    description: def.description,
    args: def.args,
    usesModel: false,
    sameFile: { key: (subtask) => argsOf(subtask)?.symbol.trim() ?? '', per: 'symbol' },
    validate(subtask, host) {
      if (!host.exists(subtask.file)) return 'no such file in the workspace';
      const args = argsOf(subtask);
      if (args === undefined) return `handler "${name}" needs its arguments in the field ${name}`;
      const problem = def.checkArgs?.(args, subtask.file, host);
      if (problem !== undefined || host.workspace === undefined) return problem;
      // A dry run on the code as it is now: a step TypeScript cannot do is refused before anything runs.
      try {
        const result = attempt(host.workspace, new Map(), subtask.file, args);
        return result.ok ? undefined : `${label(args, subtask.file)}: ${result.error}`;
      } catch (e) {
        return `${label(args, subtask.file)}: it could not be checked (${toOrchestraError(e).message})`;
      }
    },
    async run({ ctx, subtask, current, gone }): Promise<HandlerRun> {
      const failed = (reason: string): HandlerRun => ({
        proposals: [],
        // A step TypeScript refuses is the request's problem (no such declaration, not offered there).
        outcome: { costUsd: 0, attempts: 0, status: 'failed', reason, errorReason: 'bad-input' },
      });
      const args = argsOf(subtask);
      if (args === undefined) return failed(`${name} subtask without its ${name} arguments`);
      let result: ReturnType<typeof attempt>;
      try {
        result = attempt(ctx.workspace, current, subtask.file, args, gone);
      } catch (e) {
        return crashedRun(e);
      }
      if (!result.ok) return failed(`${label(args, subtask.file)}: ${result.error}`);
      const changes = result.value;
      return {
        proposals: changes.map((c) => ({ file: c.file, after: c.after })),
        outcome: {
          costUsd: 0,
          attempts: 0,
          status: changes.length > 0 ? 'done' : 'unchanged',
          notes: def.notes(args, changes),
        },
      };
    },
    availableFor: (ws, facts) => availableTargets(ws, facts, spec, def.probes),
  };
}

/**
 * A refactor handler's arguments: the declaration it addresses (`symbol`, by name) and its own fields, with the
 * description the orchestrator sees ("For handler '<name>': …").
 */
export function symbolArgs<F extends z.ZodRawShape = Record<never, never>>(
  handler: string,
  description: string,
  fields?: F,
): HandlerArgs<z.ZodObject<{ symbol: z.ZodString } & F>> {
  return {
    // Spreading an optional generic widens it; with or without `fields` the shape is exactly this.
    schema: z.object({ symbol: z.string().min(1), ...fields } as { symbol: z.ZodString } & F),
    description: `For handler '${handler}': ${description}`,
  };
}

/** "in 2 file(s)" for notes, as the rename handler says it. */
export function inFiles(changes: readonly RefactorChange[]): string {
  return `in ${changes.length} file(s)`;
}

/** Whether `name` is a valid TypeScript identifier and not a reserved word. */
export function identifierProblem(name: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `"${name}" is not a valid identifier`;
  return RESERVED.has(name) ? `"${name}" is a reserved word` : undefined;
}

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'implements interface let package private protected public static yield await any boolean number string ' +
    'symbol object never unknown undefined bigint'
  ).split(' '),
);
