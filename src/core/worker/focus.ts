/**
 * What a worker's subtask is about, for its excerpt and for the re-ask when it changes nothing: the plan's
 * symbols, the identifiers the instruction and the subtask name, the declarations of the symbols in the
 * worker's file, and the lines the subtask points at ("line 120", "lines 40-52").
 */
import { namesInInstruction } from '../facts/prefilter';
import type { SliceFocus } from '../facts/slices';
import type { WorkspaceFacts } from '../facts/types';
import type { Plan, Subtask } from '../plan/planSchema';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Keywords a backticked snippet (`new Foo()`) splits into: they name no symbol and match everywhere. */
const KEYWORDS = new Set(
  (
    'as async await break case catch class const continue declare default delete do else enum export ' +
    'extends false finally for from function if implements import in instanceof interface keyof let new ' +
    'null of private protected public readonly return static super switch this throw true try type ' +
    'typeof undefined var void while yield'
  ).split(' '),
);

/** Identifiers quoted in "double" or 'single' quotes (backticks are read by namesInInstruction). */
function quotedIdentifiers(text: string): string[] {
  return [...text.matchAll(/(["'])([A-Za-z_$][\w$]*)\1/g)].map((m) => m[2] ?? '');
}

function namesIn(text: string): string[] {
  const { backticked, words } = namesInInstruction(text);
  return [...backticked, ...words, ...quotedIdentifiers(text)];
}

/** The identifiers a subtask is about, in order of importance, without duplicates. */
export function focusTerms(
  instruction: string,
  plan: Plan,
  facts: Pick<WorkspaceFacts, 'symbols' | 'seeds'>,
  subtask: Subtask,
): string[] {
  const names = [
    ...facts.symbols.map((s) => s.name),
    ...facts.seeds.map((s) => s.name.split('.').pop() ?? ''),
    ...plan.subtasks.flatMap((s) => (s.rename ? [s.rename.from, s.rename.to] : [])),
    ...namesIn(subtask.instructions),
    ...namesIn(instruction),
  ];
  return [...new Set(names.filter((n) => IDENTIFIER.test(n) && !KEYWORDS.has(n)))];
}

/** Line ranges the subtask's instructions point at. */
export function pointedRanges(instructions: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of instructions.matchAll(/\blines?\s+(\d+)(?:\s*(?:-|–|to|through)\s*(\d+))?/gi)) {
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    if (start >= 1 && end >= 1) out.push([Math.min(start, end), Math.max(start, end)]);
  }
  return out;
}

/** Everything a worker's excerpt of `subtask.file` must show. */
export function sliceFocus(
  instruction: string,
  plan: Plan,
  facts: Pick<WorkspaceFacts, 'symbols' | 'seeds' | 'candidates'>,
  subtask: Subtask,
): SliceFocus {
  return {
    lines: facts.candidates.find((c) => c.file === subtask.file)?.lines ?? [],
    terms: focusTerms(instruction, plan, facts, subtask),
    declarations: facts.symbols.filter((s) => s.file === subtask.file).map((s) => s.line),
    ranges: pointedRanges(subtask.instructions),
  };
}
