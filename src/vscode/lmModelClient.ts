/**
 * The ModelClient port over VS Code's Language Model API (`provider: vscode-lm`): whatever chat models the
 * user's installed extensions offer. Structured output uses one required tool call, like the Anthropic
 * client. The API reports no usage, so tokens are counted with the model's tokenizer and no price is known
 * (cost shows as tokens; the ledger prices unknown models at $0).
 */
import * as vscode from 'vscode';
import { cancelledError, OrchestraError } from '../core/errors';
import {
  emptyUsage,
  type ModelCallOptions,
  type ModelClient,
  type ModelRequest,
  type ModelResponse,
} from '../core/llm/modelClient';

type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export class LmModelClient implements ModelClient {
  readonly provider = 'vscode-lm';
  private readonly models = new Map<string, Promise<vscode.LanguageModelChat>>();

  constructor(private readonly log: LogFn = () => undefined) {}

  async call(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const model = await this.model(request.model);
    const messages = toMessages(request);
    const cts = linkedToken(options.signal);
    try {
      if (options.signal?.aborted) throw cancelledError();
      const response = await model.sendRequest(
        messages,
        {
          justification: 'Orchestra plans and performs the multi-file refactoring you asked for.',
          tools: [
            {
              name: request.tool.name,
              description: request.tool.description,
              inputSchema: request.tool.inputSchema,
            },
          ],
          toolMode: vscode.LanguageModelChatToolMode.Required,
        },
        cts.token,
      );
      let text = '';
      let toolInput: unknown;
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) text += part.value;
        else if (part instanceof vscode.LanguageModelToolCallPart && part.name === request.tool.name)
          toolInput = part.input;
      }
      if (options.signal?.aborted) throw cancelledError();
      const usage = emptyUsage();
      usage.inputTokens = await countMessages(model, messages, cts.token);
      usage.outputTokens = await model.countTokens(
        text + (toolInput === undefined ? '' : JSON.stringify(toolInput)),
      );
      this.log(
        'debug',
        `vscode-lm ${model.id} (${request.label ?? request.role}): ${usage.inputTokens} in, ${usage.outputTokens} out`,
      );
      return {
        toolInput,
        text,
        stopReason: toolInput === undefined ? 'end_turn' : 'tool_use',
        usage,
        model: model.id,
      };
    } catch (error) {
      throw toError(error, options.signal);
    } finally {
      cts.dispose();
    }
  }

  async countTokens(request: ModelRequest, options: ModelCallOptions = {}): Promise<number> {
    const model = await this.model(request.model);
    const cts = linkedToken(options.signal);
    try {
      return (
        (await countMessages(model, toMessages(request), cts.token)) +
        Math.ceil(JSON.stringify(request.tool.inputSchema).length / 4)
      );
    } finally {
      cts.dispose();
    }
  }

  /** `orchestra.models.*` names a model id or family; the first match wins. */
  private model(name: string): Promise<vscode.LanguageModelChat> {
    let found = this.models.get(name);
    if (!found) {
      found = selectModel(name);
      this.models.set(name, found);
      found.catch(() => this.models.delete(name));
    }
    return found;
  }
}

async function selectModel(name: string): Promise<vscode.LanguageModelChat> {
  const byId = await vscode.lm.selectChatModels({ id: name });
  const byFamily = byId.length ? byId : await vscode.lm.selectChatModels({ family: name });
  if (byFamily[0]) return byFamily[0];
  const available = await vscode.lm.selectChatModels();
  const names = available.map((m) => `${m.id} (${m.vendor}/${m.family})`).join(', ');
  throw new OrchestraError(
    'bad-input',
    available.length
      ? `No VS Code language model matches "${name}". Set orchestra.models.orchestrator / orchestra.models.worker to one of: ${names}.`
      : `No VS Code language models are available for "${name}": install a chat model provider, or set orchestra.provider to "anthropic".`,
  );
}

/** The LM API has no system role: system blocks become the first user message. */
function toMessages(request: ModelRequest): vscode.LanguageModelChatMessage[] {
  const system = request.system.map((b) => b.text).join('\n\n');
  const out: vscode.LanguageModelChatMessage[] = [];
  if (system) out.push(vscode.LanguageModelChatMessage.User(system));
  for (const m of request.messages) {
    out.push(
      m.role === 'user'
        ? vscode.LanguageModelChatMessage.User(m.content)
        : vscode.LanguageModelChatMessage.Assistant(m.content),
    );
  }
  return out;
}

async function countMessages(
  model: vscode.LanguageModelChat,
  messages: vscode.LanguageModelChatMessage[],
  token: vscode.CancellationToken,
): Promise<number> {
  let total = 0;
  for (const m of messages) total += await model.countTokens(m, token);
  return total;
}

function linkedToken(signal: AbortSignal | undefined): vscode.CancellationTokenSource {
  const cts = new vscode.CancellationTokenSource();
  if (signal) {
    if (signal.aborted) cts.cancel();
    else signal.addEventListener('abort', () => cts.cancel(), { once: true });
  }
  return cts;
}

function toError(error: unknown, signal: AbortSignal | undefined): OrchestraError {
  if (error instanceof OrchestraError) return error;
  if (signal?.aborted || error instanceof vscode.CancellationError) return cancelledError();
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions.name) {
      return new OrchestraError(
        'auth',
        `VS Code did not allow Orchestra to use the language model: ${message}. Allow it when asked, or use provider "anthropic".`,
      );
    }
    if (error.code === vscode.LanguageModelError.Blocked.name) {
      return new OrchestraError(
        'rate-limited',
        `The language model is blocked (quota or rate limit): ${message}. Try again later.`,
      );
    }
    if (error.code === vscode.LanguageModelError.NotFound.name) {
      return new OrchestraError(
        'bad-input',
        `The language model is gone: ${message}. Check orchestra.models.*.`,
      );
    }
  }
  return new OrchestraError('api-error', `VS Code language model request failed: ${message}`, {
    cause: error,
  });
}
