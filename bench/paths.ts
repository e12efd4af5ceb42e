/** Where the benchmark keeps downloaded corpora, generated workspaces and scratch builds (gitignored). */
import path from 'node:path';

export const BENCH_DIR = import.meta.dirname;
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
export const WORK_DIR = path.join(BENCH_DIR, '.work');
