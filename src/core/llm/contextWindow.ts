/**
 * How many tokens (prompt + output) a model accepts. The user's `contextWindows` (by id or prefix) come first,
 * then defaults for known hosted models; a model neither names (a local one) is not checked — its server's
 * own limit applies (set it: Ollama's default is a few thousand tokens).
 */
const DEFAULT_WINDOWS: ReadonlyArray<[prefix: string, tokens: number]> = [
  ['claude-', 200_000],
  ['gpt-4o', 128_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-5', 400_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
];

function bare(model: string): string {
  const id = model.toLowerCase();
  return id.slice(id.lastIndexOf('/') + 1);
}

export function contextWindowOf(
  model: string,
  overrides: Readonly<Record<string, number>> = {},
): number | undefined {
  const id = bare(model);
  const longest = (keys: string[]): string | undefined =>
    keys.filter((k) => id.startsWith(bare(k))).sort((a, b) => bare(b).length - bare(a).length)[0];
  const own = longest(Object.keys(overrides));
  if (own !== undefined) return overrides[own];
  const known = longest(DEFAULT_WINDOWS.map(([p]) => p));
  return DEFAULT_WINDOWS.find(([p]) => p === known)?.[1];
}
