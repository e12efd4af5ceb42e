/**
 * A loopback stand-in for an OpenAI-compatible Chat Completions API (`POST …/chat/completions`, JSON and SSE
 * streaming), spoken to by the REAL `openai` SDK over real HTTP. Tests script replies with
 * `mock.on(match, reply)`; anything unscripted gets a loud 500 so a test cannot pass by accident.
 * See README.md in this folder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, sendJson, sleep } from '../mock-anthropic/wire';
import { describeChatRequest, type MockChatBody, type MockOpenAIRequest } from './request';
import { completionToChunks } from './sse';

export * from './replies';
import type { MockOpenAIReply } from './reply';
export type { MockChatBody, MockOpenAIRequest, MockToolResult, MockToolUse } from './request';

export type { MockOpenAIReply } from './reply';

export type MockOpenAIReplyFn = (req: MockOpenAIRequest) => MockOpenAIReply | Promise<MockOpenAIReply>;
export type MockOpenAIMatch = (req: MockOpenAIRequest) => boolean;

interface Rule {
  match: MockOpenAIMatch;
  reply: MockOpenAIReply | MockOpenAIReplyFn;
  remaining: number;
}

export interface MockOpenAIOptions {
  /** Keys answered with 401. */
  rejectedKeys?: string[];
  /** Accept requests without a key (a local server such as Ollama); default: a key is required. */
  keyless?: boolean;
  latencyMs?: number;
}

function openAIError(message: string, type = 'server_error', code: string | null = null): unknown {
  return { error: { message, type, param: null, code } };
}

export class MockOpenAI {
  readonly requests: MockOpenAIRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly rules: Rule[] = [];
  private readonly rejectedKeys: Set<string>;
  private readonly open = new Set<http.ServerResponse>();
  private readonly started = Date.now();
  private seq = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly options: MockOpenAIOptions,
  ) {
    this.rejectedKeys = new Set(options.rejectedKeys ?? []);
  }

  static async start(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
    const server = http.createServer({ keepAliveTimeout: 10 * 60_000 });
    const mock = new MockOpenAI(server, options);
    server.on('request', (req, res) => void mock.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mock;
  }

  /** The base URL for the SDK (`new OpenAI({ baseURL })`), with the `/v1` the SDK expects. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/v1`;
  }

  on(
    match: MockOpenAIMatch,
    reply: MockOpenAIReply | MockOpenAIReplyFn,
    opts: { times?: number } = {},
  ): this {
    this.rules.push({ match, reply, remaining: opts.times ?? Infinity });
    return this;
  }

  reset(): void {
    this.rules.length = 0;
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.open.add(res);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.open.delete(res);
      this.inFlight--;
    });
    try {
      await this.route(req, res);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        sendJson(
          res,
          500,
          {},
          openAIError(`mock-openai crashed: ${(error as Error).stack ?? String(error)}`),
        );
      }
    }
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
      return sendJson(
        res,
        404,
        {},
        openAIError(`mock-openai: no route for ${req.method} ${url.pathname}`, 'invalid_request_error'),
      );
    }
    let body: MockChatBody;
    try {
      body = JSON.parse(raw) as MockChatBody;
    } catch {
      return sendJson(
        res,
        400,
        {},
        openAIError('mock-openai: request body is not JSON', 'invalid_request_error'),
      );
    }
    const request = describeChatRequest(url, body, req.headers, Date.now() - this.started);
    this.requests.push(request);
    const requestId = `req_oai_mock_${++this.seq}`;
    const keyMissing = request.apiKey === undefined && this.options.keyless !== true;
    if (keyMissing || (request.apiKey !== undefined && this.rejectedKeys.has(request.apiKey))) {
      const auth = openAIError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return sendJson(res, 401, { 'x-request-id': requestId }, auth);
    }
    const rule = this.rules.find((r) => r.remaining > 0 && r.match(request));
    let reply: MockOpenAIReply;
    if (rule) {
      rule.remaining--;
      reply = typeof rule.reply === 'function' ? await rule.reply(request) : rule.reply;
    } else {
      const summary = JSON.stringify({
        model: body.model,
        toolName: request.toolName,
        userText: request.userText,
      });
      reply = { status: 500, body: openAIError(`mock-openai: no rule matched request ${summary}`) };
    }
    await this.send(res, request, reply, requestId);
  }

  private async send(
    res: http.ServerResponse,
    req: MockOpenAIRequest,
    reply: MockOpenAIReply,
    requestId: string,
  ): Promise<void> {
    const delay = (this.options.latencyMs ?? 0) + (reply.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed || reply.hang) return;
    const headers = { 'x-request-id': requestId, ...reply.headers };
    const status = reply.status ?? 200;
    if (req.body.stream === true && status === 200) return writeChunks(res, headers, reply, req);
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  }
}

function writeChunks(
  res: http.ServerResponse,
  headers: Record<string, string>,
  reply: MockOpenAIReply,
  req: MockOpenAIRequest,
): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
  if (typeof reply.body === 'string') {
    res.end(reply.body);
    return;
  }
  let chunks = completionToChunks(reply.body, reply.argumentPieces);
  // Without include_usage the API sends no usage chunk.
  if (req.body.stream_options?.include_usage !== true)
    chunks = chunks.filter((c) => c['usage'] === undefined);
  const lines = chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`);
  const failure = reply.streamErrorAfterChunks;
  if (failure) {
    lines.splice(failure.after, lines.length, `data: ${JSON.stringify({ error: failure.error })}\n\n`);
  }
  const stopAt = reply.cutStreamAfterChunks ?? reply.hangAfterChunks;
  if (stopAt === undefined) {
    res.end(lines.join('') + 'data: [DONE]\n\n');
  } else if (reply.cutStreamAfterChunks !== undefined) {
    res.write(lines.slice(0, stopAt).join(''), () => setTimeout(() => res.socket?.destroy(), 10));
  } else {
    res.write(lines.slice(0, stopAt).join(''));
  }
}
