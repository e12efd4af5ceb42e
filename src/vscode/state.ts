/** What the heavy half of the extension keeps between commands: the engine worker (which holds the loaded workspace), the preview's and the report's documents, the plan and change views. */
import type { ChangeView } from './preview/changeView';
import type { PreviewDocuments } from './preview/preview';
import type { PlanViewReview } from './refactor/planViewReview';
import type { ReportDocuments } from './refactor/reportView';
import type { EngineHost } from './engine/engineHost';

export interface SessionState {
  /** The engine worker: the cached workspace, facts, planning and the run live there. */
  engine: EngineHost;
  /** Tells the worker's cached workspace what changed on disk (nothing when no worker runs). */
  workspaces: { markChanged(file: string): void; clear(): void };
  previewDocs: PreviewDocuments;
  reportDocs: ReportDocuments;
  /** The "Orchestra Plan" and "Orchestra Changes" views (registered with the heavy half, on first use). */
  planView: PlanViewReview;
  changeView: ChangeView;
}
