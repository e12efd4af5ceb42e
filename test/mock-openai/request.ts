/** What the mock records of each chat-completions request, read the way tests assert on it. */
import type http from 'node:http';

export interface MockChatMessage {
  role: string;
  content?: string | null | Array<{ type: string; text?: string }>;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface MockChatBody {
  model: string;
  messages: MockChatMessage[];
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: string | { type: string; function?: { name: string } };
  max_tokens?: number;
  max_completion_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface MockToolResult {
  toolUseId: string;
  content: string;
  /** The engine marks a failed tool call's result with a leading "Error: " (the wire has no flag). */
  isError: boolean;
}

export interface MockToolUse {
  id: string;
  name: string;
  input: unknown;
}

/** Field names match mock-anthropic's MockRequest, so the shared matchers (test/support/mockRequests.ts) apply. */
export interface MockOpenAIRequest {
  path: string;
  /** The query string's parameters (Azure's `api-version`). */
  query: Record<string, string>;
  body: MockChatBody;
  headers: http.IncomingHttpHeaders;
  /** The forced function's name; with `tool_choice: "required"`, the first tool (the engine's answer tool). */
  toolName: string | undefined;
  toolNames: string[];
  /** All user text, joined with newlines (tool results are in `toolResults`). */
  userText: string;
  systemText: string;
  toolResults: MockToolResult[];
  toolUses: MockToolUse[];
  /** The key the client sent: `Authorization: Bearer …` or Azure's `api-key`. */
  apiKey: string | undefined;
  /** Which header carried it. */
  keyHeader: 'authorization' | 'api-key' | undefined;
  receivedAtMs: number;
}

function text(content: MockChatMessage['content']): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((c) => c.text ?? '').join('\n');
}

function parsed(args: string): unknown {
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}

export function describeChatRequest(
  url: URL,
  body: MockChatBody,
  headers: http.IncomingHttpHeaders,
  receivedAtMs: number,
): MockOpenAIRequest {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const azureKey = typeof headers['api-key'] === 'string' ? headers['api-key'] : undefined;
  const messages = body.messages ?? [];
  const choice = body.tool_choice;
  const toolNames = (body.tools ?? []).map((t) => t.function.name);
  return {
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body,
    headers,
    toolName:
      typeof choice === 'object' ? choice.function?.name : choice === 'required' ? toolNames[0] : undefined,
    toolNames,
    userText: messages
      .filter((m) => m.role === 'user')
      .map((m) => text(m.content))
      .join('\n'),
    systemText: messages
      .filter((m) => m.role === 'system')
      .map((m) => text(m.content))
      .join('\n'),
    toolResults: messages
      .filter((m) => m.role === 'tool')
      .map((m) => {
        const content = text(m.content);
        return { toolUseId: m.tool_call_id ?? '', content, isError: content.startsWith('Error: ') };
      }),
    toolUses: messages.flatMap((m) =>
      (m.tool_calls ?? []).map((c) => ({
        id: c.id,
        name: c.function.name,
        input: parsed(c.function.arguments),
      })),
    ),
    apiKey: bearer ?? azureKey,
    keyHeader: bearer !== undefined ? 'authorization' : azureKey !== undefined ? 'api-key' : undefined,
    receivedAtMs,
  };
}
