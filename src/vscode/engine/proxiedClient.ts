/**
 * The worker's side of the `vscode-lm` provider: a ModelClient whose calls go to the host (which alone can
 * reach the vscode API) as `model-call` messages and come back as `model-answer`. Cancel travels too.
 */
import { cancelledError, OrchestraError } from '../../core/errors';
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse } from '../../core/llm/modelClient';

/** Sends one call to the host; resolves with its answer, rejects with its error (or `cancelled`). */
export type HostCall = (
  method: 'call' | 'countTokens',
  request: ModelRequest,
  signal: AbortSignal | undefined,
) => Promise<ModelResponse | number>;

export class ProxiedModelClient implements ModelClient {
  // As LmChatClient says of itself: no prompt cache; a chat model the user already pays for through VS Code
  // counts as local (a model no price names costs $0, its tokens counted).
  readonly provider = 'vscode-lm';
  readonly local = true;

  constructor(private readonly host: HostCall) {}

  async call(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    if (options.signal?.aborted) throw cancelledError();
    const answer = await this.host('call', request, options.signal);
    if (typeof answer === 'number') throw mismatch('a token count', 'call');
    return answer;
  }

  async countTokens(request: ModelRequest, options: ModelCallOptions = {}): Promise<number> {
    if (options.signal?.aborted) throw cancelledError();
    const answer = await this.host('countTokens', request, options.signal);
    if (typeof answer !== 'number') throw mismatch('a response', 'countTokens');
    return answer;
  }
}

function mismatch(got: string, method: string): OrchestraError {
  return new OrchestraError('internal', `The host answered ${method} with ${got}; report this as a bug.`);
}
