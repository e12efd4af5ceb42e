/**
 * A complete chat completion as the chunk sequence the API streams: a role chunk, the text in pieces,
 * each tool call's id and name first and then its arguments in `pieces` parts, the finish reason, a usage
 * chunk with no choices, and `[DONE]`.
 */
type Json = Record<string, unknown>;

function split(text: string, n: number): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function completionToChunks(body: unknown, pieces = 3): Json[] {
  const c = (body ?? {}) as Json;
  const choice = ((c['choices'] as Json[] | undefined) ?? [])[0] ?? {};
  const message = (choice['message'] ?? {}) as Json;
  const head = { id: c['id'], object: 'chat.completion.chunk', created: c['created'], model: c['model'] };
  const chunk = (delta: Json, finish: string | null = null): Json => ({
    ...head,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  const chunks: Json[] = [chunk({ role: 'assistant', content: '' })];
  for (const part of split(typeof message['content'] === 'string' ? message['content'] : '', 2)) {
    chunks.push(chunk({ content: part }));
  }
  const calls =
    (message['tool_calls'] as Array<{ id: string; function: { name: string; arguments: string } }>) ?? [];
  calls.forEach((call, index) => {
    chunks.push(
      chunk({
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
        ],
      }),
    );
    for (const part of split(call.function.arguments, pieces)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });
  chunks.push(chunk({}, (choice['finish_reason'] as string | undefined) ?? 'stop'));
  if (c['usage'] !== undefined) chunks.push({ ...head, choices: [], usage: c['usage'] });
  return chunks;
}
