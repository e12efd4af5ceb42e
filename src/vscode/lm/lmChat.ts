/**
 * The ModelClient port over a VS Code-shaped language model API (`provider: vscode-lm`), with the API
 * injected (`LmApi`) so this file never imports `vscode` and unit tests can use fake chat models.
 * Structured output uses one required tool call, like the Anthropic client. The API reports no usage, so
 * tokens are counted with the model's tokenizer. VS Code serves the model (the user's chat subscription
 * pays, not a key of Orchestra's), so it counts as `local`: a model no price names costs $0 with its
 * tokens counted, as for a local endpoint, instead of the most expensive known price, which let the default
 * budget stop a run after its first worker.
 */
import { cancelledError } from '../../core/errors';
import { estimateTokens } from '../../core/llm/budget';
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from '../../core/llm/modelClient';
import {
  lmTools,
  lmTurns,
  noModelError,
  outputText,
  readLmStream,
  toLmError,
  toLmMessages,
  toLmRequestOptions,
  toModelResponse,
  toolSchemaTokens,
  tooLargeError,
  type LmApi,
  type LmChatModelLike,
} from './lmMessages';

export type LmLogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export class LmChatClient<Msg, Mode, Token> implements ModelClient {
  readonly provider = 'vscode-lm';
  readonly local = true;
  private readonly models = new Map<string, Promise<LmChatModelLike<Msg, Mode, Token>>>();

  constructor(
    private readonly api: LmApi<Msg, Mode, Token>,
    private readonly log: LmLogFn = () => undefined,
  ) {}

  async call(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const { signal } = options;
    const linked = this.api.linkToken(signal);
    try {
      const model = await this.model(request.model);
      const turns = lmTurns(request);
      const messages = toLmMessages(turns, this.api);
      if (signal?.aborted) throw cancelledError();
      const inputTokens = await this.countTurns(model, turns, messages, linked.token, signal);
      const promptTokens = inputTokens + toolSchemaTokens(lmTools(request));
      if (model.maxInputTokens > 0 && promptTokens > model.maxInputTokens) {
        throw tooLargeError(request, model, promptTokens, model.maxInputTokens);
      }
      if (signal?.aborted) throw cancelledError();
      const lmOptions = toLmRequestOptions(request, {
        required: this.api.toolModeRequired,
        auto: this.api.toolModeAuto,
      });
      const response = await model.sendRequest(messages, lmOptions, linked.token);
      const helpers = lmOptions.tools.map((t) => t.name).filter((n) => n !== request.tool.name);
      const result = await readLmStream(response.stream, request.tool.name, this.api, signal, helpers);
      const out = outputText(result);
      const outputTokens = await this.count(model, out, out, linked.token, signal);
      const served = model.id === request.model ? model.id : `${model.id} as "${request.model}"`;
      this.log(
        'debug',
        `vscode-lm ${served} (${request.label ?? request.role}): ${inputTokens} in, ${outputTokens} out`,
      );
      // The configured name, not the model's id: prices, the token budget and the run's roles all go by the
      // name in orchestra.models.*, and a family name resolves to an id none of them knows.
      return toModelResponse(result, inputTokens, outputTokens, request.model);
    } catch (error) {
      throw toLmError(error, signal, this.api);
    } finally {
      linked.dispose();
    }
  }

  async countTokens(request: ModelRequest, options: ModelCallOptions = {}): Promise<number> {
    const linked = this.api.linkToken(options.signal);
    try {
      const model = await this.model(request.model);
      const turns = lmTurns(request);
      const messages = toLmMessages(turns, this.api);
      return (
        (await this.countTurns(model, turns, messages, linked.token, options.signal)) +
        toolSchemaTokens(lmTools(request))
      );
    } finally {
      linked.dispose();
    }
  }

  /** `orchestra.models.*` names a model id or family; the first match wins. */
  private model(name: string): Promise<LmChatModelLike<Msg, Mode, Token>> {
    let found = this.models.get(name);
    if (!found) {
      found = selectLmModel(name, this.api);
      this.models.set(name, found);
      found.catch(() => this.models.delete(name));
    }
    return found;
  }

  private async countTurns(
    model: LmChatModelLike<Msg, Mode, Token>,
    turns: readonly { text: string }[],
    messages: readonly Msg[],
    token: Token,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    const counts = await Promise.all(
      messages.map((m, i) => this.count(model, m, turns[i]?.text ?? '', token, signal)),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The model's tokenizer; if it fails (not by cancellation), the engine's estimate rather than losing a reply. */
  private async count(
    model: LmChatModelLike<Msg, Mode, Token>,
    input: string | Msg,
    text: string,
    token: Token,
    signal: AbortSignal | undefined,
  ): Promise<number> {
    try {
      return await model.countTokens(input, token);
    } catch (error) {
      if (signal?.aborted || this.api.isCancellation(error)) throw error;
      this.log('debug', `vscode-lm ${model.id}: countTokens failed (${String(error)}); estimating instead.`);
      return estimateTokens(text);
    }
  }
}

export async function selectLmModel<Msg, Mode, Token>(
  name: string,
  api: Pick<LmApi<Msg, Mode, Token>, 'selectChatModels'>,
): Promise<LmChatModelLike<Msg, Mode, Token>> {
  const byId = await api.selectChatModels({ id: name });
  const byFamily = byId.length ? byId : await api.selectChatModels({ family: name });
  if (byFamily[0]) return byFamily[0];
  throw noModelError(name, await api.selectChatModels());
}
