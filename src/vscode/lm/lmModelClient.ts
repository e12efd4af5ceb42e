/**
 * The `vscode-lm` provider's thin adapter: the only file that touches `vscode.lm`. It hands the API's
 * constructors and type guards to `LmChatClient` (lmChat.ts), which holds all the logic and is unit-tested
 * with fake chat models.
 */
import * as vscode from 'vscode';
import { LmChatClient, type LmLogFn } from './lmChat';
import type { LinkedToken, LmApi, LmAssistantPart, LmUserPart } from './lmMessages';

type VsLmApi = LmApi<
  vscode.LanguageModelChatMessage,
  vscode.LanguageModelChatToolMode,
  vscode.CancellationToken
>;

function linkToken(signal: AbortSignal | undefined): LinkedToken<vscode.CancellationToken> {
  const cts = new vscode.CancellationTokenSource();
  const cancel = (): void => cts.cancel();
  if (signal) {
    if (signal.aborted) cts.cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  }
  return {
    token: cts.token,
    dispose: () => {
      signal?.removeEventListener('abort', cancel);
      cts.dispose();
    },
  };
}

function userPart(part: LmUserPart): vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart {
  if (part.kind === 'text') return new vscode.LanguageModelTextPart(part.text);
  return new vscode.LanguageModelToolResultPart(part.callId, [new vscode.LanguageModelTextPart(part.text)]);
}

function assistantPart(
  part: LmAssistantPart,
): vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart {
  if (part.kind === 'text') return new vscode.LanguageModelTextPart(part.text);
  return new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input);
}

/** The vscode-lm provider is only constructed when selected, so the `vscode.lm` API is read only then. */
function vscodeLmApi(): VsLmApi {
  return {
    userMessage: (text) => vscode.LanguageModelChatMessage.User(text),
    assistantMessage: (text) => vscode.LanguageModelChatMessage.Assistant(text),
    userParts: (parts) => vscode.LanguageModelChatMessage.User(parts.map(userPart)),
    assistantParts: (parts) => vscode.LanguageModelChatMessage.Assistant(parts.map(assistantPart)),
    toolModeRequired: vscode.LanguageModelChatToolMode.Required,
    toolModeAuto: vscode.LanguageModelChatToolMode.Auto,
    isTextPart: (part): part is vscode.LanguageModelTextPart => part instanceof vscode.LanguageModelTextPart,
    isToolCallPart: (part): part is vscode.LanguageModelToolCallPart =>
      part instanceof vscode.LanguageModelToolCallPart,
    linkToken,
    isCancellation: (error) => error instanceof vscode.CancellationError,
    errorCode: (error) => (error instanceof vscode.LanguageModelError ? error.code : undefined),
    errorCodes: {
      noPermissions: vscode.LanguageModelError.NoPermissions.name,
      blocked: vscode.LanguageModelError.Blocked.name,
      notFound: vscode.LanguageModelError.NotFound.name,
    },
    selectChatModels: (selector) => vscode.lm.selectChatModels(selector),
  };
}

export class LmModelClient extends LmChatClient<
  vscode.LanguageModelChatMessage,
  vscode.LanguageModelChatToolMode,
  vscode.CancellationToken
> {
  constructor(log: LmLogFn = () => undefined) {
    super(vscodeLmApi(), log);
  }
}
