/**
 * One refactor step, addressed by name: find the declaration, load what the language service must see,
 * check TypeScript offers the action there, take its edits, let the step finish them (the extracted type's
 * name), and refuse a result that would not type-check. Returns the changed files; never writes.
 */
import type { ts, SourceFile } from 'ts-morph';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import { err, ok, type Result } from '../result';
import type { ImportGraph } from '../workspace/importGraph';
import type { Workspace } from '../workspace/workspace';
import { describeErrors, introducedErrors } from './refactorCheck';
import { filesToLoad, importersOf, quotePreferenceOf } from './refactorFiles';
import {
  NOTHING,
  refactorEdits,
  unavailableReason,
  type RefactorChange,
  type RefactorEdits,
} from './tsRefactor';

/** Every refactor step names its declaration by `symbol` (`name`, or `Owner.member` where the step allows it). */
export interface SymbolArgs {
  readonly symbol: string;
}

/** What a step asks TypeScript for, found from its arguments. */
export interface Located {
  readonly refactor: string;
  readonly action: string;
  /** TypeScript's kind of the action ('refactor.rewrite.export.named', …). */
  readonly kind: string;
  readonly at: number | ts.TextRange;
  /** "Move to file": the workspace-relative target. */
  readonly targetFile?: string;
  /** Names whose files must be loaded, so the service sees every reference. */
  readonly names: readonly string[];
}

export interface StepContext {
  /** The workspace as the steps before this one left it. */
  readonly view: Workspace;
  /** The import graph of `view` (the texts the steps before left, `stepGraph.ts`), for importers. */
  readonly graph: ImportGraph;
  /** Workspace-relative, normalised. */
  readonly file: string;
}

export interface RefactorSpec<A extends SymbolArgs> {
  /** Finds what `args` name in the declaring file and says what to ask for there. */
  locate(sf: SourceFile, args: A, file: string): Result<Located>;
  /** Why TypeScript may find nothing to change where it offers the refactor, for the refusal. */
  readonly whenNothing?: string;
  /** Turns TypeScript's edits into the step's result (default: as they are); may refuse. */
  finish?(edits: RefactorEdits, args: A, step: StepContext): Result<RefactorChange[]>;
}

export function runRefactorStep<A extends SymbolArgs>(
  spec: RefactorSpec<A>,
  step: StepContext,
  args: A,
): Result<RefactorChange[]> {
  const { view, graph, file } = step;
  const project = loadWorkspaceFiles(view, [file]);
  const sf = project.getSourceFile(absolutePath(view.root, file));
  if (sf === undefined)
    return err(`${file} is not a source file the workspace lists (TypeScript or JavaScript)`);
  const located = spec.locate(sf, args, file);
  if (!located.ok) return located;
  const { refactor, action, kind, at, targetFile, names } = located.value;
  if (
    targetFile !== undefined &&
    view.readText(targetFile) !== undefined &&
    !view.listFiles().includes(targetFile)
  ) {
    return err(`${targetFile} exists but is not one of the workspace's source files (excluded or skipped)`);
  }
  const extra = targetFile !== undefined ? [targetFile] : [];
  loadWorkspaceFiles(view, filesToLoad(view, graph, file, names, extra));
  const texts = [file, ...importersOf(graph, file)].map((f) => view.readText(f) ?? '');
  const call = { file, at, refactor, action, kind, targetFile, quotePreference: quotePreferenceOf(texts) };
  const why = unavailableReason(project, view.root, call);
  if (why !== undefined) return err(`TypeScript does not offer "${action}" there${why ? `: ${why}` : ''}`);
  const edits = refactorEdits(project, view.root, call);
  if (!edits.ok) {
    const hint = edits.error === NOTHING && spec.whenNothing !== undefined ? ` (${spec.whenNothing})` : '';
    return err(`"${action}": ${edits.error}${hint}`);
  }
  // A file the service thinks new but that exists (skipped as too large, excluded) must not be replaced.
  const clobbered = edits.value.changes.find(
    (c) => c.before === undefined && view.readText(c.file) !== undefined,
  );
  if (clobbered !== undefined) {
    return err(
      `it would write ${clobbered.file} as a new file, but that file exists outside the project it loaded`,
    );
  }
  const finished = spec.finish !== undefined ? spec.finish(edits.value, args, step) : ok(edits.value.changes);
  if (!finished.ok) return finished;
  const changes = finished.value.map(tidy).filter((c) => c.after !== c.before);
  const broken = introducedErrors(view, graph, changes);
  if (broken.length > 0) {
    return err(
      `"${action}" would leave type errors (${describeErrors(broken)}); nothing was changed, ` +
        'so do this one with an llm subtask',
    );
  }
  return ok(changes);
}

/**
 * The printer's leftovers at the ends of a file: blank lines where its first statements moved away (or a
 * new file starts without imports), several where its last ones did. They are dropped, unless the file had
 * them before; blank lines at either end are only trivia, never part of a token.
 */
function tidy(change: RefactorChange): RefactorChange {
  const { before, after } = change;
  const blankStart = /^(\r?\n)+/;
  const blankEnd = /(\r?\n)(\r?\n)+$/;
  let tidied = after;
  if (!blankStart.test(before ?? '')) tidied = tidied.replace(blankStart, '');
  if (!blankEnd.test(before ?? '')) tidied = tidied.replace(blankEnd, '$1');
  return tidied === after ? change : { ...change, after: tidied };
}
