/** Where tests find the repository, wherever under test/ they live. */
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
