/**
 * Keeps secrets out of logs and error messages. SDK errors can echo request details, so every message
 * that leaves the model layer passes through here.
 */
const REDACTED = '[redacted]';
/** Anthropic key shapes, caught even when the caller forgot to pass the key in `secrets`. */
const KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]{8,}/g;

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  // Longest first so a secret that contains another is replaced whole.
  const sorted = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  sorted.sort((a, b) => b.length - a.length);
  for (const secret of sorted) out = out.split(secret).join(REDACTED);
  return out.replace(KEY_PATTERN, REDACTED);
}
