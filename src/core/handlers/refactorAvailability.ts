/**
 * Where a refactor handler is available, for the orchestrator's prompt: each declaration the facts name is
 * tried with the handler's probes, and kept where TypeScript's `getApplicableRefactors` offers the action.
 * The plan check then dry-runs each step the plan asks for on the full project, so this only has to keep
 * the prompt honest, and may answer from the lighter project the facts used.
 */
import { Node, type Project, type SourceFile } from 'ts-morph';
import type { WorkspaceFacts } from '../facts/types';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import type { Workspace } from '../workspace/workspace';
import { addressOf, declarationNamedBy } from './refactorTarget';
import type { RefactorSpec, SymbolArgs } from './refactorStep';
import { unavailableReason } from './tsRefactor';

/** The arguments that try a refactor on one declaration; `address` is how steps name it (`Owner.member`). */
export type Probe<A extends SymbolArgs> = (decl: Node, address: string) => A[];

/** "`fetchJson` in src/net.ts" per place it applies; undefined when the facts name no symbol. */
export function availableTargets<A extends SymbolArgs>(
  ws: Workspace,
  facts: WorkspaceFacts,
  spec: RefactorSpec<A>,
  probes: Probe<A>,
): readonly string[] | undefined {
  if (facts.symbols.length === 0) return undefined;
  const found: string[] = [];
  for (const fact of facts.symbols) {
    const file = ws.resolveInside(fact.file);
    if (file === undefined) continue;
    const { project, sf } = projectHolding(ws, file);
    const decl = sf === undefined ? undefined : declarationAt(sf, fact.name, fact.line);
    const address = decl === undefined ? undefined : addressOf(decl);
    if (sf === undefined || decl === undefined || address === undefined) continue;
    for (const args of probes(decl, address)) {
      const target = `\`${args.symbol}\` in ${file}`;
      if (!found.includes(target) && offered(ws, project, sf, file, spec, args)) found.push(target);
    }
  }
  return found;
}

/**
 * The facts' query project when it holds the file (it does after they found the declaration there): its
 * libs are light, so asking it costs a fraction of building the full program, which only a plan that has
 * refactor steps then needs (its check dry-runs them there). Else the full project.
 */
function projectHolding(ws: Workspace, file: string): { project: Project; sf: SourceFile | undefined } {
  const abs = absolutePath(ws.root, file);
  const light = ws.queryProject?.();
  const held = light?.getSourceFile(abs);
  if (light !== undefined && held !== undefined) return { project: light, sf: held };
  const project = loadWorkspaceFiles(ws, [file]);
  return { project, sf: project.getSourceFile(abs) };
}

function offered<A extends SymbolArgs>(
  ws: Workspace,
  project: Project,
  sf: SourceFile,
  file: string,
  spec: RefactorSpec<A>,
  args: A,
): boolean {
  try {
    const located = spec.locate(sf, args, file);
    if (!located.ok) return false;
    const call = { file, ...located.value, quotePreference: 'auto' as const };
    return unavailableReason(project, ws.root, call) === undefined;
  } catch {
    // The service asserts where it cannot answer; planning goes on without offering this one.
    return false;
  }
}

/** The declaration whose name `name` starts on 1-based `line` (as the facts report it). */
function declarationAt(sf: SourceFile, name: string, line: number): Node | undefined {
  const lines = sf.compilerNode.getLineStarts();
  const start = lines[line - 1];
  if (start === undefined) return undefined;
  const end = lines[line] ?? sf.getEnd();
  const text = sf.getFullText();
  for (let at = text.indexOf(name, start); at >= 0 && at < end; at = text.indexOf(name, at + 1)) {
    const id = sf.getDescendantAtPos(at);
    if (id === undefined || !Node.isIdentifier(id) || id.getText() !== name) continue;
    const decl = declarationNamedBy(id);
    if (decl !== undefined && addressOf(decl) !== undefined) return decl;
  }
  return undefined;
}
