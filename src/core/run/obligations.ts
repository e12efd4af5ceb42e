/**
 * What the plan promised, checked on the merged result: every planned file changed (or its subtask says
 * why not), and after a rename — the deterministic handler's, or one an instruction asks a worker for — no
 * reference to the old name is left in the files the run owns. What is left is listed by file and line.
 */
import { ts } from 'ts-morph';
import { referencesAt } from '../facts/confirm';
import { findDeclarations } from '../facts/declarations';
import { NOT_A_SEED } from '../facts/prefilter';
import type { WorkspaceFacts } from '../facts/types';
import { basePositions } from '../merge/basePositions';
import { absolutePath, loadWorkspaceFiles } from '../merge/projectFiles';
import type { Plan } from '../plan/planSchema';
import type { FileChange, RemainingObligation, SubtaskOutcome } from '../runTypes';
import { relativeInside } from '../workspace/paths';
import type { Workspace } from '../workspace/workspace';

export interface ObligationInput {
  workspace: Workspace;
  plan: Plan;
  instruction: string;
  outcomes: SubtaskOutcome[];
  /** The final changes (after merge and repair). */
  changes: FileChange[];
  facts: Pick<WorkspaceFacts, 'symbols'>;
}

/** A rename the plan asks for: `from` is the plain old name (`name` of `User.name`). */
export interface RenameObligation {
  from: string;
  to: string;
  /** The subtask that asks for it (its file). */
  subtask: string;
  /** The file the handler renames from, when a rename subtask states it. */
  declaredIn?: string;
  /** `User` of `User.name`: only that type's member is meant, not another type's member of the same name. */
  container?: string;
}

export function remainingObligations(input: ObligationInput): RemainingObligation[] {
  return [...unchangedFiles(input), ...oldNamesLeft(input)];
}

/** Planned files the result leaves as they were, with the subtask's stated reason when it gave one. */
function unchangedFiles(input: ObligationInput): RemainingObligation[] {
  // A moved file's subtask names its old path; a delete's change is at its own.
  const changed = new Set(input.changes.flatMap((c) => [c.file, ...(c.movedFrom ? [c.movedFrom] : [])]));
  const out: RemainingObligation[] = [];
  for (const s of input.plan.subtasks) {
    if (changed.has(s.file)) continue;
    const o = input.outcomes.find((x) =>
      x.id !== undefined && s.id !== undefined ? x.id === s.id : x.file === s.file,
    );
    const why = o?.reason ?? o?.notes;
    const status = o?.status ?? 'not run';
    const message =
      status === 'unchanged'
        ? `${s.file}: the plan says this file must change; it is unchanged: ${why ?? 'no reason given'}`
        : `${s.file}: the plan says this file must change; it is unchanged (${status}${why ? `: ${why}` : ''})`;
    out.push({ subtask: s.file, kind: 'unchanged', file: s.file, message });
  }
  return out;
}

const IDENT = '[A-Za-z_$][\\w$]*';
const KINDS =
  '(?:function|method|class|type|interface|variable|property|field|constant|const|member|enum|symbol)';
const RENAME_PATTERNS = [
  new RegExp(
    `\\brenam(?:e|es|ed|ing)\\s+(?:the\\s+)?(?:${KINDS}\\s+)?\`?(${IDENT}(?:\\.${IDENT})*)\`?(?:\\s+${KINDS})?\\s+(?:to|into|as)\\s+\`?(${IDENT})\`?`,
    'gi',
  ),
  new RegExp(`\`(${IDENT}(?:\\.${IDENT})*)\`\\s*(?:→|->|=>)\\s*\`(${IDENT})\``, 'g'),
];

/** Renames an instruction asks for ("rename `fetchJson` to `requestJson`", "`a` → `b`"). */
export function renamesIn(text: string): Array<{ from: string; to: string; container?: string }> {
  const out: Array<{ from: string; to: string; container?: string }> = [];
  for (const re of RENAME_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const parts = (m[1] ?? '').split('.');
      const from = parts.pop() ?? '';
      const container = parts.pop();
      const to = m[2] ?? '';
      if (!from || !to || from === to || NOT_A_SEED.has(from) || NOT_A_SEED.has(to)) continue;
      if (!out.some((r) => r.from === from && r.to === to))
        out.push({ from, to, ...(container ? { container } : {}) });
    }
  }
  return out;
}

/** Every rename the plan or the instruction states, once per old → new name. */
export function renameObligations(plan: Plan, instruction: string): RenameObligation[] {
  const out: RenameObligation[] = [];
  const add = (r: RenameObligation): void => {
    if (!out.some((x) => x.from === r.from && x.to === r.to)) out.push(r);
  };
  for (const s of plan.subtasks) {
    if (s.handler === 'rename' && s.rename) {
      const parts = s.rename.from.trim().split('.');
      const from = parts.pop() ?? s.rename.from;
      const container = parts.pop();
      add({
        from,
        to: s.rename.to,
        subtask: s.file,
        declaredIn: s.file,
        ...(container ? { container } : {}),
      });
    }
  }
  for (const s of plan.subtasks) {
    if (s.handler === 'llm') for (const r of renamesIn(s.instructions)) add({ ...r, subtask: s.file });
  }
  const first = plan.subtasks[0];
  if (first) for (const r of renamesIn(instruction)) add({ ...r, subtask: first.file });
  return out;
}

function oldNamesLeft(input: ObligationInput): RemainingObligation[] {
  const renames = renameObligations(input.plan, input.instruction);
  if (renames.length === 0) return [];
  const ws = input.workspace;
  const planned = new Set(input.plan.subtasks.map((s) => s.file));
  // A file the run moves away or deletes is not in the result: its baseline text holds no left-over.
  const gone = new Set(
    input.changes.flatMap((c) => (c.deleted ? [c.file] : c.movedFrom ? [c.movedFrom] : [])),
  );
  // A moved file's baseline (and its references) is at its old path; a step on its new path declares there.
  const origin = new Map(input.changes.flatMap((c) => (c.movedFrom ? [[c.file, c.movedFrom] as const] : [])));
  const baseOf = (file: string): string => origin.get(file) ?? file;
  const owned = [...new Set([...planned, ...input.changes.map((c) => c.file)])]
    .filter((f) => !gone.has(f))
    .sort();
  const out: RemainingObligation[] = [];
  for (const rename of renames) {
    const declaredIn = rename.declaredIn === undefined ? {} : { declaredIn: baseOf(rename.declaredIn) };
    const references = baselineReferences(input, { ...rename, ...declaredIn }, owned.map(baseOf));
    for (const file of owned) {
      const change = input.changes.find((c) => c.file === file);
      const after = change?.after ?? ws.readText(file);
      if (after === undefined || !after.includes(rename.from)) continue;
      const toBase = basePositions(change?.before ?? after, after);
      for (const id of identifiersNamed(file, after, rename)) {
        const at = toBase(id);
        // Characters the run wrote keep the old name by its own doing; ones it left only if they were a reference.
        const left =
          at === undefined ||
          references === undefined ||
          references.has(`${baseOf(file)}:${at.line}:${at.column}`);
        if (!left) continue;
        out.push({
          subtask: planned.has(file) ? file : rename.subtask,
          kind: 'old-name',
          file,
          line: id.line + 1,
          message: `${file}:${id.line + 1}: \`${rename.from}\` is still referenced; the plan renames it to \`${rename.to}\``,
        });
      }
    }
  }
  return out;
}

/**
 * Positions (`file:line:column`, 0-based) of the renamed symbol's references in the baseline, from the
 * language service; undefined when its declaration is not found (then every use of the name counts).
 */
function baselineReferences(
  input: ObligationInput,
  rename: RenameObligation,
  owned: string[],
): Set<string> | undefined {
  const ws = input.workspace;
  const anywhere = [
    ...new Set([...input.facts.symbols.filter((s) => s.name === rename.from).map((s) => s.file), ...owned]),
  ];
  // The handler's file usually declares the symbol; one that only imports it sends the search further.
  const first = rename.declaredIn ? referencesFrom(ws, rename, [rename.declaredIn], owned) : undefined;
  return first ?? referencesFrom(ws, rename, anywhere, owned);
}

function referencesFrom(
  ws: Workspace,
  rename: RenameObligation,
  declaring: string[],
  owned: string[],
): Set<string> | undefined {
  const existing = [...new Set([...owned, ...declaring])].filter((f) => ws.readText(f) !== undefined);
  const project = loadWorkspaceFiles(ws, existing);
  const ls = project.getLanguageService().compilerObject;
  const program = ls.getProgram();
  if (program === undefined) return undefined;
  const positions = new Set<string>();
  for (const file of declaring) {
    const sf = program.getSourceFile(absolutePath(ws.root, file));
    if (sf === undefined) continue;
    for (const decl of findDeclarations(sf, rename.from)) {
      if (rename.container !== undefined && ownerName(decl) !== rename.container) continue;
      for (const ref of referencesAt(ls, sf.fileName, decl.name.getStart(sf))) {
        const rel = relativeInside(ws.root, ref.fileName);
        const refFile = program.getSourceFile(ref.fileName);
        if (rel === undefined || refFile === undefined) continue;
        const at = refFile.getLineAndCharacterOfPosition(ref.textSpan.start);
        positions.add(`${rel}:${at.line}:${at.character}`);
      }
    }
  }
  return positions.size > 0 ? positions : undefined;
}

/** The name of the class, interface or type alias a member belongs to. */
function ownerName(decl: ts.Node): string | undefined {
  const owner = ts.isTypeLiteralNode(decl.parent) ? decl.parent.parent : decl.parent;
  const name = (owner as ts.NamedDeclaration | undefined)?.name;
  return name !== undefined && ts.isIdentifier(name) ? name.text : undefined;
}

/**
 * Identifiers spelled `from` in a result text (comments and strings are not references). The shapes a
 * rename writes on purpose to keep a property or an export's name (`{ old: renamed }`, `renamed as old`)
 * are not left-overs.
 */
function identifiersNamed(
  file: string,
  text: string,
  rename: RenameObligation,
): Array<{ line: number; column: number }> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Array<{ line: number; column: number }> = [];
  const isTo = (n: ts.Node | undefined): boolean =>
    n !== undefined && ts.isIdentifier(n) && n.text === rename.to;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === rename.from) {
      const p = node.parent;
      const kept =
        (ts.isPropertyAssignment(p) && p.name === node && isTo(p.initializer)) ||
        (ts.isBindingElement(p) && p.propertyName === node && isTo(p.name)) ||
        ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && (isTo(p.name) || isTo(p.propertyName)));
      if (!kept) {
        const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        out.push({ line: at.line, column: at.character });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
