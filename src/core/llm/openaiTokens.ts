/**
 * Prompt tokens of a chat request when the endpoint has no counting API (OpenAI-compatible servers):
 * the engine's calibrated characters-per-token estimate (budget.ts) plus the framing Chat Completions adds —
 * a few tokens per message and the function definitions, which the server renders into the prompt.
 */
import { estimateTokens } from './budget';
import { messageText, toolsOf, type ModelRequest } from './modelClient';

/** Role markers and separators around each message (~3–4 tokens on OpenAI's models; rounded up). */
const PER_MESSAGE_TOKENS = 4;
/** The reply's priming and the tools section's header. */
const REQUEST_OVERHEAD_TOKENS = 12;
/** Per function definition: its header and closing. */
const PER_TOOL_TOKENS = 8;

export function estimateChatRequestTokens(request: ModelRequest): number {
  let total = REQUEST_OVERHEAD_TOKENS;
  for (const tool of toolsOf(request)) {
    const definition = JSON.stringify({ n: tool.name, d: tool.description, p: tool.inputSchema });
    total += estimateTokens(definition) + PER_TOOL_TOKENS;
  }
  const system = request.system.map((b) => b.text).join('\n\n');
  if (system) total += estimateTokens(system) + PER_MESSAGE_TOKENS;
  for (const message of request.messages) {
    total += estimateTokens(messageText(message)) + PER_MESSAGE_TOKENS;
  }
  return total;
}
