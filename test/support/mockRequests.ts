/**
 * What a request at the mock Messages API is, read the way the engine writes it: the forced tool names
 * (PLAN_TOOL_NAME, EDIT_TOOL_NAME) and the first line of a worker's or repair's user message. Every test,
 * the integration suite and the benchmarks match requests with these, so a prompt change breaks one place.
 */
import { PLAN_TOOL_NAME } from '../../src/core/plan/orchestratorPrompt';
import { FOLLOW_UP_PHRASE } from '../../src/core/worker/fixPrompt';
import { EDIT_TOOL_NAME } from '../../src/core/worker/workerPrompt';
import type { MockRequest } from '../mock-anthropic/server';

/** What the matchers read: the same fields on mock-anthropic's and mock-openai's recorded requests. */
export type MatchedRequest = Pick<MockRequest, 'toolName' | 'userText'>;

export type RequestMatcher = (req: MatchedRequest) => boolean;

/** The phrase only a repair request carries (src/core/worker/fixPrompt.ts). */
const REPAIR_MARKER = 'left new type errors';
/** How a worker's second attempt starts its last user message (src/core/worker/runWorker.ts). */
const RETRY_MARKER = 'That did not work:';

/** The orchestrator's planning call (also its re-asks). */
export const isPlan: RequestMatcher = (req) => req.toolName === PLAN_TOOL_NAME;

/** Any call that must answer with edits: a worker (first attempt or retry) or a repair. */
export const isEditCall: RequestMatcher = (req) => req.toolName === EDIT_TOOL_NAME;

/**
 * The file an edit call is about: the rest of the line after "Your file: " in its first user message
 * (a file name may hold spaces).
 */
export function workerFile(req: MatchedRequest): string | undefined {
  return /^Your file: ([^\n]+)$/m.exec(req.userText)?.[1];
}

const forFile = (req: MatchedRequest, file: string | undefined): boolean =>
  file === undefined || workerFile(req) === file;

/** A repair call after the type check, for `file` or any file. */
export const isRepair =
  (file?: string): RequestMatcher =>
  (req) =>
    isEditCall(req) && req.userText.includes(REPAIR_MARKER) && forFile(req, file);

/** A follow-up call the type-check added for a file outside the plan, for `file` or any file. */
export const isFollowUp =
  (file?: string): RequestMatcher =>
  (req) =>
    isEditCall(req) && req.userText.includes(FOLLOW_UP_PHRASE) && forFile(req, file);

/** A worker call (not a repair, not a follow-up), for `file` or any file. */
export const isWorker =
  (file?: string): RequestMatcher =>
  (req) =>
    isEditCall(req) &&
    !req.userText.includes(REPAIR_MARKER) &&
    !req.userText.includes(FOLLOW_UP_PHRASE) &&
    forFile(req, file);

/** A worker call that is the retry after a rejected answer (it carries the engine's error text). */
export const isRetry: RequestMatcher = (req) => req.userText.includes(RETRY_MARKER);
