/**
 * One error root for the engine. `reason` lets adapters (CLI exit codes, VS Code messages)
 * branch without parsing messages; `message` always says what the user can do next.
 */
export type ErrorReason =
  | 'bad-input' // empty instruction, bad flag, bad setting
  | 'no-project' // no JavaScript or TypeScript files / config
  | 'auth' // missing or rejected API key
  | 'rate-limited' // 429 after retries
  | 'overloaded' // 529 after retries
  | 'api-error' // other 4xx/5xx
  | 'timeout'
  | 'network'
  | 'malformed-response' // the API (not the model) returned something unreadable
  | 'invalid-model-output' // the model's JSON failed the schema after retries
  | 'truncated' // stop_reason max_tokens
  | 'outside-workspace'
  | 'budget-exceeded'
  | 'cancelled'
  | 'stale-file'
  | 'write-failed'
  | 'internal';

export class OrchestraError extends Error {
  override readonly name = 'OrchestraError';
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly details: { status?: number; requestId?: string; cause?: unknown; files?: string[] } = {},
  ) {
    super(message);
  }
}

export function isOrchestraError(e: unknown): e is OrchestraError {
  return e instanceof OrchestraError;
}

/** Normalises anything thrown into an OrchestraError (keeps existing ones as they are). */
export function toOrchestraError(e: unknown, fallback: ErrorReason = 'internal'): OrchestraError {
  if (e instanceof OrchestraError) return e;
  if (e instanceof Error && e.name === 'AbortError')
    return new OrchestraError('cancelled', 'The run was cancelled.');
  const message = e instanceof Error ? e.message : String(e);
  return new OrchestraError(fallback, message, { cause: e });
}

export function cancelledError(): OrchestraError {
  return new OrchestraError('cancelled', 'The run was cancelled.');
}

/** Throws a `cancelled` error when the signal has fired; call between stages. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
