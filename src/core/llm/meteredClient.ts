/** Wraps a ModelClient so each successful (billed) response lands in the ledger exactly once. */
import type { UsageLedger } from './ledger';
import {
  clientForRole,
  type ModelCallOptions,
  type ModelClient,
  type ModelRequest,
  type ModelResponse,
} from './modelClient';

export function withLedger(client: ModelClient, ledger: UsageLedger): ModelClient {
  const metered: ModelClient = {
    provider: client.provider,
    cachesPrompts: client.cachesPrompts,
    ...(client.local === undefined ? {} : { local: client.local }),
    ...(client.clientFor ? { clientFor: client.clientFor.bind(client) } : {}),
    async call(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
      // Failed attempts are not recorded: the API does not bill errors, and retries happen inside `client`.
      const response = await client.call(request, options);
      ledger.record({
        role: request.role,
        provider: clientForRole(client, request.role).provider,
        model: response.model || request.model,
        label: request.label,
        usage: response.usage,
        requestId: response.requestId,
      });
      return response;
    },
  };
  const countTokens = client.countTokens?.bind(client);
  return countTokens ? { ...metered, countTokens } : metered;
}
