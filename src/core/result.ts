/**
 * The one shape of a result that can fail without throwing. `error` is whatever the caller needs to act on: a
 * message for the user or the model's retry, or a typed failure. (`reason` means an `ErrorReason` code everywhere.)
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
