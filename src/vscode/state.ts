/** What the heavy half of the extension keeps between commands: the loaded workspace, the preview's and the report's documents. */
import type { PreviewDocuments } from './preview/preview';
import type { ReportDocuments } from './refactor/reportView';
import type { WorkspaceCache } from './refactor/workspaceCache';

export interface SessionState {
  workspaces: WorkspaceCache;
  previewDocs: PreviewDocuments;
  reportDocs: ReportDocuments;
}
