/** Public surface of the workspace folder. */
export type { OpenOptions, Workspace } from './workspace';
export type * from './types';
export { openWorkspace, DiskWorkspace, type SkippedFile } from './openWorkspace';
export { gatherFacts, type FactsQuery } from './facts';
export { buildSlice, type SliceOptions } from './slices';
export { prewarmWorkspace, type PrewarmReport } from './prewarm';
