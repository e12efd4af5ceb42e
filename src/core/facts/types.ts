/** Workspace facts: what the orchestrator is told about the code before it plans. */

export type CandidateReason =
  | 'definition' // declares the seed symbol
  | 'reference' // references the seed symbol (type checker confirmed)
  | 're-export' // re-exports the seed symbol
  | 'type-import' // imports it with `import type`
  | 'importer' // imports a file that defines/re-exports the symbol (within importDepth hops)
  | 'text-match' // mentions the name but the checker found no reference
  | 'test'; // a test file among the above

export interface Candidate {
  /** Path relative to the workspace root, forward slashes. */
  file: string;
  reasons: CandidateReason[];
  /** Number of confirmed references to the seed in this file. */
  references: number;
  /** 1-based line numbers of those references. */
  lines: number[];
}

export interface SymbolSeed {
  name: string;
  /** Optional disambiguation: file (relative) and 1-based line/column of an occurrence. */
  file?: string;
  line?: number;
  column?: number;
}

export interface SymbolFact {
  name: string;
  kind: string; // 'interface' | 'type' | 'function' | 'class' | 'variable' | ...
  file: string;
  line: number;
  exported: boolean;
  /** The declaration's first line(s), trimmed, for the prompt. */
  signature: string;
}

export interface ContextSlice {
  file: string;
  /** True when `text` is the whole file; otherwise an excerpt with line-numbered hunks. */
  whole: boolean;
  text: string;
  /** Lines in the file, for the prompt ("excerpt of a 900-line file"). */
  totalLines: number;
}

export interface WorkspaceFacts {
  root: string;
  /** How the project was loaded: tsconfig/jsconfig path(s) (relative) or 'glob' when there is none. */
  source: string;
  fileCount: number;
  seeds: SymbolSeed[];
  symbols: SymbolFact[];
  candidates: Candidate[];
  /** Import edges among candidates: importer → imported (relative paths). */
  importEdges: Array<{ from: string; to: string }>;
  /** Files skipped while loading, each with why (too large, minified, binary, ...). */
  skipped: Array<{ file: string; reason: string }>;
  timings: Record<string, number>;
}
