/**
 * `--prices FILE` and `--context-window MODEL=TOKENS`: the user's prices and windows from the command line
 * (never from the repository). A bad file or value is bad input naming the flag and the entry.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PricesSchema } from '../core/config';
import { OrchestraError } from '../core/errors';

export const PRICES_EXAMPLE =
  '{ "gpt-4.1-mini": { "inputPerMTok": 0.4, "outputPerMTok": 1.6, "cacheReadPerMTok": 0.1 } }';

/** The file's JSON, checked with the same schema as the `orchestra.prices` setting. */
export function readPricesFile(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new OrchestraError('bad-input', `--prices ${file}: cannot read it (${(e as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OrchestraError(
      'bad-input',
      `--prices ${file}: not JSON (${(e as Error).message}); expected e.g. ${PRICES_EXAMPLE}`,
    );
  }
  const parsed = PricesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || '(root)';
    throw new OrchestraError(
      'bad-input',
      `--prices ${file}: ${where}: ${issue?.message ?? 'invalid'}; expected e.g. ${PRICES_EXAMPLE}`,
    );
  }
  return json;
}

/** `MODEL=TOKENS` pairs → { model: tokens } (validated by RunConfigSchema afterwards). */
export function parseContextWindows(
  pairs: readonly string[] | undefined,
): Record<string, number> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const tokens = Number(pair.slice(at + 1));
    if (at <= 0 || !Number.isInteger(tokens)) {
      throw new OrchestraError(
        'bad-input',
        `Invalid option --context-window: "${pair}" is not MODEL=TOKENS (e.g. qwen2.5-coder:7b=32768)`,
      );
    }
    out[pair.slice(0, at)] = tokens;
  }
  return out;
}
