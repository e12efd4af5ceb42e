/** What the heavy half of the extension keeps between commands: the loaded workspace and the preview's documents. */
import type { PreviewDocuments } from './preview/preview';
import type { WorkspaceCache } from './refactor/workspaceCache';

export interface SessionState {
  workspaces: WorkspaceCache;
  previewDocs: PreviewDocuments;
}
