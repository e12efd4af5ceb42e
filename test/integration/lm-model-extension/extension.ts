/**
 * A test-only extension for the current VS Code: registers one chat model through the finalized
 * `vscode.lm.registerLanguageModelChatProvider` (VS Code 1.104+) whose answers the suite scripts, and records
 * every request as plain data, so a `vscode-lm` refactoring runs end to end through VS Code's own language
 * model plumbing (tool calls and tool results included). Our `@types/vscode` is the minimum (1.100), which
 * lacks the provider API: the few types it needs are declared here and reached through `unknown`.
 */
import * as vscode from 'vscode';
import type { Script, ScriptedLmApi, SeenMessage, SeenPart, SeenRequest } from './protocol';

const VENDOR = 'orchestra-scripted';
const MODEL_ID = 'scripted-1';
const FAMILY = 'scripted';

/** `vscode.LanguageModelChatInformation` (1.104). */
interface ChatInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling?: boolean | number; imageInput?: boolean };
}

/** `vscode.LanguageModelChatRequestMessage` (1.104). */
interface RequestMessage {
  role: vscode.LanguageModelChatMessageRole;
  content: readonly unknown[];
}

/** `vscode.ProvideLanguageModelChatResponseOptions` (1.104), the part read here. */
interface ResponseOptions {
  tools?: readonly { name: string }[];
  toolMode: vscode.LanguageModelChatToolMode;
}

/** `vscode.LanguageModelChatProvider` (1.104). */
interface ChatProvider {
  provideLanguageModelChatInformation(
    options: { silent: boolean },
    token: vscode.CancellationToken,
  ): ChatInformation[];
  provideLanguageModelChatResponse(
    model: ChatInformation,
    messages: readonly RequestMessage[],
    options: ResponseOptions,
    progress: vscode.Progress<unknown>,
    token: vscode.CancellationToken,
  ): Promise<void>;
  provideTokenCount(
    model: ChatInformation,
    text: string | RequestMessage,
    token: vscode.CancellationToken,
  ): Promise<number>;
}

interface LmProviders {
  registerLanguageModelChatProvider?: (vendor: string, provider: ChatProvider) => vscode.Disposable;
}

const MODEL: ChatInformation = {
  id: MODEL_ID,
  name: 'Scripted test model',
  family: FAMILY,
  version: '1',
  maxInputTokens: 200_000,
  maxOutputTokens: 8_000,
  capabilities: { toolCalling: true },
};

function seenPart(part: unknown): SeenPart {
  if (part instanceof vscode.LanguageModelTextPart) return { kind: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) {
    return { kind: 'call', callId: part.callId, name: part.name, input: part.input };
  }
  if (part instanceof vscode.LanguageModelToolResultPart) {
    const text = part.content
      .map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : `[${constructorName(c)}]`))
      .join('');
    return { kind: 'result', callId: part.callId, text };
  }
  return { kind: 'other', type: constructorName(part) };
}

function constructorName(value: unknown): string {
  return typeof value === 'object' && value !== null ? value.constructor.name : typeof value;
}

function seenMessage(message: RequestMessage): SeenMessage {
  const role =
    message.role === vscode.LanguageModelChatMessageRole.User
      ? 'user'
      : message.role === vscode.LanguageModelChatMessageRole.Assistant
        ? 'assistant'
        : 'other';
  return { role, parts: message.content.map(seenPart) };
}

function toolMode(mode: vscode.LanguageModelChatToolMode): SeenRequest['toolMode'] {
  if (mode === vscode.LanguageModelChatToolMode.Required) return 'required';
  return mode === vscode.LanguageModelChatToolMode.Auto ? 'auto' : 'other';
}

/** A stable count (about 4 characters a token), so the suite can assert what the client computed. */
function countTokens(text: string | RequestMessage): number {
  if (typeof text === 'string') return Math.ceil(text.length / 4);
  const chars = seenMessage(text).parts.reduce(
    (sum, p) => sum + (p.kind === 'text' || p.kind === 'result' ? p.text.length : JSON.stringify(p).length),
    0,
  );
  return Math.ceil(chars / 4);
}

export function activate(context: vscode.ExtensionContext): ScriptedLmApi {
  const requests: SeenRequest[] = [];
  let tokenCounts = 0;
  let answer: Script = () => {
    throw new Error('the scripted model has no script for this request');
  };
  const provider: ChatProvider = {
    provideLanguageModelChatInformation: () => [MODEL],
    async provideLanguageModelChatResponse(model, messages, options, progress) {
      const request: SeenRequest = {
        model: model.id,
        messages: messages.map(seenMessage),
        tools: (options.tools ?? []).map((t) => t.name),
        toolMode: toolMode(options.toolMode),
      };
      requests.push(request);
      for (const part of answer(request, requests.length - 1)) {
        if ('text' in part) progress.report(new vscode.LanguageModelTextPart(part.text));
        else {
          const { callId, name, input } = part.call;
          progress.report(new vscode.LanguageModelToolCallPart(callId, name, input));
        }
      }
    },
    async provideTokenCount(_model, text) {
      tokenCounts++;
      return countTokens(text);
    },
  };
  const lm = vscode.lm as unknown as LmProviders;
  if (typeof lm.registerLanguageModelChatProvider !== 'function') {
    throw new Error(`VS Code ${vscode.version} has no vscode.lm.registerLanguageModelChatProvider (1.104+)`);
  }
  context.subscriptions.push(lm.registerLanguageModelChatProvider(VENDOR, provider));
  return {
    vendor: VENDOR,
    modelId: MODEL_ID,
    family: FAMILY,
    get requests() {
      return requests;
    },
    get tokenCounts() {
      return tokenCounts;
    },
    script(next) {
      answer = next;
    },
    reset() {
      requests.length = 0;
      tokenCounts = 0;
    },
  };
}

export function deactivate(): void {}
