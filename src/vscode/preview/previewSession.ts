/** A previewed, not yet applied result: what "Apply" / "Discard" act on. */
import type { FileChange, RefactorResult } from '../../core/runTypes';

export type PreviewDecision =
  | { status: 'applied'; files: string[] }
  | { status: 'stale'; files: string[]; message: string }
  | { status: 'apply-failed'; message: string }
  | { status: 'discarded' }
  /** Apply was declined (new type errors); the preview stays open and the session undecided. */
  | { status: 'kept'; files: string[]; message: string };

/** Ticked files, and per file the ticked hunks (textHunks' indices) when not all of them are. */
export interface ChangeSelection {
  files: Set<string>;
  hunks: Map<string, Set<number>>;
}

export interface PreviewSession {
  readonly id: string;
  readonly result: RefactorResult;
  readonly changes: FileChange[];
  /** What the change view has ticked: Apply writes exactly these files and hunks. */
  readonly selection: ChangeSelection;
  /** Resolves once the preview was applied or discarded (by any route: notification, command, button). */
  readonly decided: Promise<PreviewDecision>;
  decide(decision: PreviewDecision): void;
}

export function createPreviewSession(id: string, result: RefactorResult): PreviewSession {
  let settle: (d: PreviewDecision) => void = () => undefined;
  let done = false;
  const decided = new Promise<PreviewDecision>((resolve) => (settle = resolve));
  return {
    id,
    result,
    changes: result.changes,
    selection: { files: new Set(result.changes.map((c) => c.file)), hunks: new Map() },
    decided,
    decide(decision) {
      if (done) return;
      done = true;
      settle(decision);
    },
  };
}
