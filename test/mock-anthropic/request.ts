/** What the mock records of each request, read from its JSON body the way tests want to assert on it. */
import type http from 'node:http';

export interface MockRequestBody {
  model: string;
  system?: string | Array<{ type: 'text'; text: string; cache_control?: { type: string } }>;
  messages: Array<{ role: string; content: string | MockContentBlock[] }>;
  tools?: Array<{ name: string; description?: string; input_schema?: Record<string, unknown> }>;
  tool_choice?: { type: string; name?: string };
  max_tokens?: number;
  stream?: boolean;
  [key: string]: unknown;
}

/** A content block as the SDK sends it (text, tool_use in assistant turns, tool_result in user turns). */
export interface MockContentBlock {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | Array<{ type: string; text?: string }>;
  is_error?: boolean;
}

/** A tool_result block the client sent back, in conversation order. */
export interface MockToolResult {
  toolUseId: string;
  /** The result's text (text blocks joined with newlines). */
  content: string;
  isError: boolean;
}

/** A tool_use block of an earlier assistant turn the client sent back, in conversation order. */
export interface MockToolUse {
  id: string;
  name: string;
  input: unknown;
}

export interface MockRequest {
  path: string;
  body: MockRequestBody;
  headers: http.IncomingHttpHeaders;
  /**
   * Name of the forced tool (`tool_choice: {type:'tool', name}`); with `tool_choice: any` (helper tools
   * offered), the first tool, which is the answer tool (the engine lists it first).
   */
  toolName: string | undefined;
  /** Every tool offered, in order. */
  toolNames: string[];
  /** All user text, joined with newlines (tool results are in `toolResults`, not here). */
  userText: string;
  /** Every tool_result block of the conversation, in order. */
  toolResults: MockToolResult[];
  /** Every tool_use block of the conversation's assistant turns, in order. */
  toolUses: MockToolUse[];
  /** Which API's route the request took (Bedrock and Vertex put the model in the path). */
  platform: 'anthropic' | 'bedrock' | 'vertex';
  /** The model id as a Bedrock or Vertex path names it. */
  pathModel: string | undefined;
  /** The key the client sent (x-api-key, Bearer, or the access key id of a SigV4 signature), for auth assertions. */
  apiKey: string | undefined;
  /** Milliseconds since the mock started, when the request body was read. */
  receivedAtMs: number;
}

export function describeRequest(
  path: string,
  body: MockRequestBody,
  headers: http.IncomingHttpHeaders,
  receivedAtMs: number,
): MockRequest {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
  const xKey = headers['x-api-key'];
  const messages = body.messages ?? [];
  // A user turn of tool results only adds no text (and no empty line).
  const userText = messages
    .filter(
      (m) => m.role === 'user' && (typeof m.content === 'string' || m.content.some((b) => b.type === 'text')),
    )
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : m.content
            .filter((block) => block.type === 'text')
            .map((block) => block.text ?? '')
            .join('\n'),
    )
    .join('\n');
  const blocks = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
  const choice = body.tool_choice;
  return {
    path,
    body,
    headers,
    toolName:
      choice?.type === 'tool' ? choice.name : choice?.type === 'any' ? body.tools?.[0]?.name : undefined,
    toolNames: (body.tools ?? []).map((t) => t.name),
    userText,
    toolResults: blocks
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({
        toolUseId: b.tool_use_id ?? '',
        content: resultText(b.content),
        isError: b.is_error === true,
      })),
    toolUses: blocks
      .filter((b) => b.type === 'tool_use')
      .map((b) => ({ id: b.id ?? '', name: b.name ?? '', input: b.input })),
    platform: 'anthropic',
    pathModel: undefined,
    apiKey: bearer ?? (typeof xKey === 'string' ? xKey : undefined),
    receivedAtMs,
  };
}

function resultText(content: MockContentBlock['content']): string {
  if (content === undefined || typeof content === 'string') return content ?? '';
  return content.map((c) => c.text ?? '').join('\n');
}
