/**
 * One ModelClient over a client per role: the orchestrator's calls go to one, the workers' and repairs' to
 * the other (a strong hosted model plans, a cheap or local one edits). Capabilities that only matter to
 * workers (the prompt cache) are the worker client's.
 */
import { estimateRequestTokens } from './budget';
import type { ModelCallOptions, ModelClient, ModelRequest, ModelResponse, ModelRole } from './modelClient';

export interface RoleClients {
  orchestrator: ModelClient;
  worker: ModelClient;
}

export function routeByRole(clients: RoleClients): ModelClient {
  if (clients.orchestrator === clients.worker) return clients.orchestrator;
  const clientFor = (role: ModelRole): ModelClient =>
    role === 'orchestrator' ? clients.orchestrator : clients.worker;
  const providers = [clients.orchestrator.provider, clients.worker.provider];
  return {
    provider: providers[0] === providers[1] ? (providers[0] ?? '') : providers.join('+'),
    // Only workers share a cached prefix (the fill and the warm-up are theirs).
    cachesPrompts: clients.worker.cachesPrompts,
    clientFor,
    call(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse> {
      return clientFor(request.role).call(request, options);
    },
    countTokens(request: ModelRequest, options?: ModelCallOptions): Promise<number> {
      const target = clientFor(request.role);
      return target.countTokens
        ? target.countTokens(request, options)
        : Promise.resolve(estimateRequestTokens(request));
    },
  };
}
