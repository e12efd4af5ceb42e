/** What the heavy half of the extension keeps between commands: the loaded workspace, the preview's and the report's documents, the plan and change views. */
import type { ChangeView } from './preview/changeView';
import type { PreviewDocuments } from './preview/preview';
import type { PlanViewReview } from './refactor/planViewReview';
import type { ReportDocuments } from './refactor/reportView';
import type { WorkspaceCache } from './refactor/workspaceCache';

export interface SessionState {
  workspaces: WorkspaceCache;
  previewDocs: PreviewDocuments;
  reportDocs: ReportDocuments;
  /** The "Orchestra Plan" and "Orchestra Changes" views (registered with the heavy half, on first use). */
  planView: PlanViewReview;
  changeView: ChangeView;
}
