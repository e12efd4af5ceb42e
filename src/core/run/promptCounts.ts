/**
 * The estimate's prompt token counts with few provider calls. Requests of one shape — the same model, system,
 * tools and message text but for the file each one names and quotes, as a file group's members are — are
 * counted on a few samples (the smallest, the middle and the largest by size) and every other member is
 * interpolated from them by its size: a 1,000-member group needs three counts, not 1,000. Requests of a shape
 * of at most `SAMPLES_PER_SHAPE` members (every subtask with its own instructions) are each counted.
 */
import pLimit from 'p-limit';
import { estimateRequestTokens } from '../llm/budget';
import { messageText, toolsOf, type ModelClient, type ModelRequest } from '../llm/modelClient';

/** Samples counted per shape: the two ends of its size range and one in the middle (a tokenizer is not linear). */
export const SAMPLES_PER_SHAPE = 3;

/** Counts one request's prompt tokens (the provider's count endpoint). */
export type CountOne = (request: ModelRequest) => Promise<number>;

/**
 * Prompt tokens per request, counted by the provider when it can (free, no generation), otherwise estimated.
 * Counting runs with bounded concurrency so a large plan does not burst the API.
 */
export async function countPromptTokens(
  client: ModelClient,
  requests: ModelRequest[],
  options: { concurrency: number; signal?: AbortSignal },
): Promise<number[]> {
  const count = client.countTokens?.bind(client);
  if (!count) return requests.map(estimateRequestTokens);
  const limit = pLimit(Math.max(1, options.concurrency));
  return countByShape(requests, (r) => limit(() => count(r, { signal: options.signal })));
}

/** Each request's count: its own for a sample, else interpolated by size between its shape's samples. */
export async function countByShape(requests: readonly ModelRequest[], count: CountOne): Promise<number[]> {
  const shapes = new Map<string, number[]>();
  requests.forEach((request, i) => {
    const key = shapeKey(request);
    const members = shapes.get(key);
    if (members) members.push(i);
    else shapes.set(key, [i]);
  });
  const sizes = requests.map(sizeOf);
  const counted = requests.map(() => 0);
  await Promise.all(
    [...shapes.values()].map(async (members) => {
      const bySize = [...members].sort((a, b) => (sizes[a] ?? 0) - (sizes[b] ?? 0));
      const samples = sampleOf(bySize);
      const points = await Promise.all(
        samples.map(async (i) => ({ size: sizes[i] ?? 0, tokens: await count(requests[i] as ModelRequest) })),
      );
      samples.forEach((i, k) => (counted[i] = points[k]?.tokens ?? 0));
      for (const i of members) if (!samples.includes(i)) counted[i] = interpolate(points, sizes[i] ?? 0);
    }),
  );
  return counted;
}

/** The members to count, from a shape's members sorted by size: all of a small shape, else both ends and the middle. */
function sampleOf(bySize: readonly number[]): number[] {
  if (bySize.length <= SAMPLES_PER_SHAPE) return [...bySize];
  const at = (k: number): number => bySize[k] as number;
  return [at(0), at(Math.floor((bySize.length - 1) / 2)), at(bySize.length - 1)];
}

/** Tokens at `size` on the line through the samples either side of it (points sorted by size). */
function interpolate(points: ReadonlyArray<{ size: number; tokens: number }>, size: number): number {
  const upper = points.findIndex((p) => p.size >= size);
  const hi = points[upper < 0 ? points.length - 1 : upper];
  const lo = points[Math.max(0, upper - 1)];
  if (!hi || !lo) return 0;
  if (hi.size === lo.size) return hi.tokens;
  return Math.round(lo.tokens + ((hi.tokens - lo.tokens) * (size - lo.size)) / (hi.size - lo.size));
}

/** A request's size as sent: its messages serialized, where the members of a shape differ. */
function sizeOf(request: ModelRequest): number {
  return JSON.stringify(request.messages).length;
}

/**
 * Quoted workspace files (worker/dataBlock.ts's `<file path=…>` … `</file>`, or `file_2` and on): what a
 * shape leaves out of its members' messages, with the file's path.
 */
const FILE_BLOCK = /<(file(?:_\d+)?) path=[^\n]*\n[\s\S]*?\n<\/\1>/g;

/** Everything a request sends but the file it names and quotes. */
function shapeKey(request: ModelRequest): string {
  const file = request.label;
  const skeleton = (text: string): string => {
    const unquoted = text.replace(FILE_BLOCK, '<file>');
    return file ? unquoted.split(file).join('<path>') : unquoted;
  };
  return JSON.stringify([
    request.model,
    request.system,
    toolsOf(request),
    request.toolChoice ?? 'answer',
    request.messages.map((m) => [m.role, skeleton(messageText(m))]),
  ]);
}
