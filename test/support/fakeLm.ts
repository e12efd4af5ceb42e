/**
 * Fakes that behave like the `vscode` LM API (message factories, part classes, a cancellation token,
 * LanguageModelError with its `code`), for the vscode-lm provider's unit tests.
 */
import type {
  LmApi,
  LmAssistantPart,
  LmChatModelLike,
  LmRequestOptions,
  LmUserPart,
} from '../../src/vscode/lm/lmMessages';

export interface Msg {
  role: 'user' | 'assistant';
  text: string;
  /** Set for messages built of parts (tool calls, tool results). */
  parts?: Array<LmUserPart | LmAssistantPart>;
}
export type Mode = 'required' | 'auto';
export interface Token {
  readonly isCancellationRequested: boolean;
}
export class TextPart {
  constructor(readonly value: string) {}
}
export class ToolCallPart {
  constructor(
    readonly callId: string,
    readonly name: string,
    readonly input: object,
  ) {}
}
export class FakeCancellationError extends Error {}
export class FakeLmError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Deterministic tokenizer: one token per 4 characters. */
export const tokensOf = (text: string): number => Math.ceil(text.length / 4);

export type Script = (messages: Msg[], token: Token) => AsyncIterable<unknown>;

export class FakeModel implements LmChatModelLike<Msg, Mode, Token> {
  readonly vendor = 'fake';
  readonly sent: { messages: Msg[]; options: LmRequestOptions<Mode>; token: Token }[] = [];
  constructor(
    readonly id: string,
    readonly family: string,
    private readonly script: Script,
    readonly maxInputTokens = 100_000,
    readonly countTokensImpl?: (input: string | Msg) => number,
  ) {}
  async countTokens(input: string | Msg): Promise<number> {
    if (this.countTokensImpl) return this.countTokensImpl(input);
    if (typeof input === 'string') return tokensOf(input);
    return tokensOf(input.parts ? JSON.stringify(input.parts) : input.text);
  }
  async sendRequest(messages: Msg[], options: LmRequestOptions<Mode>, token: Token) {
    this.sent.push({ messages, options, token });
    return { stream: this.script(messages, token) };
  }
}

export function fakeApi(models: FakeModel[]): LmApi<Msg, Mode, Token> & { selects: unknown[] } {
  const selects: unknown[] = [];
  return {
    selects,
    userMessage: (text) => ({ role: 'user', text }),
    assistantMessage: (text) => ({ role: 'assistant', text }),
    // Like LanguageModelChatMessage: a message of parts has no plain text of its own.
    userParts: (parts) => ({ role: 'user', text: '', parts }),
    assistantParts: (parts) => ({ role: 'assistant', text: '', parts }),
    toolModeRequired: 'required',
    toolModeAuto: 'auto',
    isTextPart: (part): part is TextPart => part instanceof TextPart,
    isToolCallPart: (part): part is ToolCallPart => part instanceof ToolCallPart,
    linkToken: (signal) => {
      const token = { isCancellationRequested: signal?.aborted ?? false };
      const cancel = (): void => void (token.isCancellationRequested = true);
      signal?.addEventListener('abort', cancel, { once: true });
      return { token, dispose: () => signal?.removeEventListener('abort', cancel) };
    },
    isCancellation: (error) => error instanceof FakeCancellationError,
    errorCode: (error) => (error instanceof FakeLmError ? error.code : undefined),
    errorCodes: { noPermissions: 'NoPermissions', blocked: 'Blocked', notFound: 'NotFound' },
    selectChatModels: async (selector) => {
      selects.push(selector);
      return models.filter(
        (m) => (!selector?.id || m.id === selector.id) && (!selector?.family || m.family === selector.family),
      );
    },
  };
}

export async function* parts(...items: unknown[]): AsyncIterable<unknown> {
  for (const item of items) yield item;
}
