/**
 * A loopback stand-in for the Anthropic Messages API, spoken to by the REAL SDK over real HTTP.
 * Tests script replies with `mock.on(match, reply)`; anything unscripted gets a loud 500 so a test
 * cannot pass by accident. See README.md in this folder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestBucket, type MockRateLimit } from './rateLimit';
import type { MockMatch, MockReply, MockReplyFn } from './reply';
import { describeRequest, type MockRequest, type MockRequestBody } from './request';
import { GOOGLE_ACCESS_TOKEN, routeOf, sigV4AccessKey, type MockPlatform, type MockRoute } from './routes';
import { mockError, readBody, sendJson, sleep, writeReply, type ReplyFormat } from './wire';

export * from './replies';
export type { MockMatch, MockReply, MockReplyFn } from './reply';
export type { SseEvent } from './sse';
export type { MockRateLimit } from './rateLimit';
export { GOOGLE_ACCESS_TOKEN, GOOGLE_TOKEN_PATH, type MockPlatform } from './routes';
export type { MockContentBlock, MockRequest, MockRequestBody, MockToolResult, MockToolUse } from './request';

interface Rule {
  match: MockMatch;
  reply: MockReply | MockReplyFn;
  remaining: number;
}

export interface MockOptions {
  /** Keys answered with 401 authentication_error. */
  rejectedKeys?: string[];
  /** Added to every reply (benchmarks): latencyMs + random(0..jitterMs). */
  latencyMs?: number;
  jitterMs?: number;
  /** A provider-side token bucket of requests (off by default): an empty bucket answers 429 (rateLimit.ts). */
  rateLimit?: MockRateLimit;
}

export class MockAnthropic {
  readonly requests: MockRequest[] = [];
  readonly countTokensRequests: MockRequest[] = [];
  /** Google STS token exchanges (the Vertex SDK's credential chain), by count. */
  googleTokenRequests = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Requests the `rateLimit` bucket answered with 429 (also in `requests`; they consumed no rule). */
  readonly rateLimited: MockRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly countRules: Rule[] = [];
  private readonly rejectedKeys: Set<string>;
  private readonly open = new Set<http.ServerResponse>();
  private readonly started = Date.now();
  private seq = 0;
  private bucket: RequestBucket | undefined;

  private constructor(
    private readonly server: http.Server,
    private readonly options: MockOptions,
  ) {
    this.rejectedKeys = new Set(options.rejectedKeys ?? []);
    if (options.rateLimit) this.bucket = new RequestBucket(options.rateLimit, performance.now());
  }

  static async start(options: MockOptions = {}): Promise<MockAnthropic> {
    // Node closes idle keep-alive sockets after 5 s; a client reusing one at that moment sees ECONNRESET, which a
    // test with retries off reports as a network failure. Idle sockets stay open until close().
    const server = http.createServer({ keepAliveTimeout: 10 * 60_000 });
    const mock = new MockAnthropic(server, options);
    server.on('request', (req, res) => void mock.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mock;
  }

  /** Base URL for the SDK (`new Anthropic({ baseURL })`). */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Scripts a reply for POST /v1/messages. First matching rule wins; `times` makes it expire. */
  on(match: MockMatch, reply: MockReply | MockReplyFn, opts: { times?: number } = {}): this {
    this.rules.push({ match, reply, remaining: opts.times ?? Infinity });
    return this;
  }

  /** Scripts POST /v1/messages/count_tokens; unscripted, it answers ceil(chars / 4) of the request. */
  onCountTokens(match: MockMatch, reply: MockReply | MockReplyFn, opts: { times?: number } = {}): this {
    this.countRules.push({ match, reply, remaining: opts.times ?? Infinity });
    return this;
  }

  addRejectedKey(key: string): void {
    this.rejectedKeys.add(key);
  }

  /** Forgets rules and recorded requests (keeps the server running). */
  reset(): void {
    this.rules.length = 0;
    this.countRules.length = 0;
    this.requests.length = 0;
    this.countTokensRequests.length = 0;
    this.googleTokenRequests = 0;
    this.maxInFlight = this.inFlight;
    this.rateLimited.length = 0;
    if (this.options.rateLimit) this.bucket = new RequestBucket(this.options.rateLimit, performance.now());
  }

  async close(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.open.add(res);
    // Only message calls count as in flight: token counting is free, generates nothing and is not a worker.
    const counted = routeOf((req.url ?? '').split('?')[0] ?? '')?.kind === 'messages';
    if (counted) {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    }
    res.on('close', () => {
      this.open.delete(res);
      if (counted) this.inFlight--;
    });
    try {
      await this.route(req, res);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        sendJson(
          res,
          500,
          {},
          mockError(`mock-anthropic crashed: ${(error as Error).stack ?? String(error)}`),
        );
      }
    }
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const raw = await readBody(req);
    const route = routeOf(path);
    if (req.method !== 'POST' || route === undefined) {
      return sendJson(
        res,
        404,
        {},
        mockError(`mock-anthropic: no route for ${req.method} ${path}`, 'not_found_error'),
      );
    }
    if (route.kind === 'google-token') {
      this.googleTokenRequests++;
      const token = {
        access_token: GOOGLE_ACCESS_TOKEN,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3600,
      };
      return sendJson(res, 200, {}, token);
    }
    let body: MockRequestBody;
    try {
      body = JSON.parse(raw) as MockRequestBody;
    } catch {
      return sendJson(
        res,
        400,
        {},
        mockError('mock-anthropic: request body is not JSON', 'invalid_request_error'),
      );
    }
    // Bedrock and Vertex name the model in the path; rules and replies read it from the body.
    if (route.pathModel !== undefined && body.model === undefined) body.model = route.pathModel;
    const described = describeRequest(path, body, req.headers, Date.now() - this.started);
    const sigV4 = sigV4AccessKey(req.headers.authorization);
    const request: MockRequest = {
      ...described,
      platform: route.platform,
      pathModel: route.pathModel,
      apiKey: described.apiKey ?? sigV4,
    };
    const isCount = route.kind === 'count';
    (isCount ? this.countTokensRequests : this.requests).push(request);

    const requestId = { [requestIdHeader(route.platform)]: `req_mock_${++this.seq}` };
    if (request.apiKey === undefined || this.rejectedKeys.has(request.apiKey)) {
      const auth = mockError('invalid x-api-key', 'authentication_error');
      return sendJson(res, 401, requestId, auth);
    }
    const limited = isCount ? undefined : this.bucket?.take(performance.now());
    if (limited !== undefined && !limited.ok) {
      this.rateLimited.push(request);
      const body = mockError('Number of requests has exceeded your rate limit.', 'rate_limit_error');
      return sendJson(res, 429, { ...requestId, ...limited.headers }, body);
    }
    const rule = takeRule(isCount ? this.countRules : this.rules, request);
    let reply: MockReply;
    if (rule) {
      reply = typeof rule.reply === 'function' ? await rule.reply(request) : rule.reply;
    } else if (isCount) {
      reply = { body: { input_tokens: Math.ceil(raw.length / 4) } };
    } else {
      const summary = JSON.stringify({
        model: body.model,
        toolName: request.toolName,
        userText: request.userText,
      });
      reply = { status: 500, body: mockError(`mock-anthropic: no rule matched request ${summary}`) };
    }
    await this.send(res, request, reply, requestId);
  }

  private async send(
    res: http.ServerResponse,
    req: MockRequest,
    reply: MockReply,
    requestId: Record<string, string>,
  ): Promise<void> {
    const latency = (this.options.latencyMs ?? 0) + Math.random() * (this.options.jitterMs ?? 0);
    const delay = latency + (reply.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return; // the client gave up while we waited
    if (reply.resetConnection) {
      res.socket?.destroy();
      return;
    }
    if (reply.hang) return; // closed by the client's abort or by close()
    const route = routeOf(req.path);
    const messages = route?.kind === 'messages';
    const rate = messages ? this.bucket?.peek(performance.now()) : undefined;
    const headers = { ...requestId, ...rate, ...reply.headers };
    writeReply(res, reply, headers, formatOf(route, req.body));
  }
}

/** Bedrock names its request id `x-amzn-requestid`; the Anthropic API and Vertex, `request-id`. */
function requestIdHeader(platform: MockPlatform): string {
  return platform === 'bedrock' ? 'x-amzn-requestid' : 'request-id';
}

/** Bedrock streams on its own route (the SDK moves `stream` from the body to the path); the others by `stream`. */
function formatOf(route: MockRoute | undefined, body: MockRequestBody): ReplyFormat {
  if (route?.kind !== 'messages') return 'json';
  if (route.bedrockStream === true) return 'event-stream';
  return body.stream === true ? 'sse' : 'json';
}

function takeRule(rules: Rule[], req: MockRequest): Rule | undefined {
  const rule = rules.find((r) => r.remaining > 0 && r.match(req));
  if (rule) rule.remaining--;
  return rule;
}
