/**
 * What a run's providers mean for it: which provider and model serve each role, what prices apply (the
 * user's, and $0 for models only a local endpoint serves), and whether a worker request fits its model's
 * context window.
 */
import { OrchestraError } from '../errors';
import { overContextWindow } from '../llm/contextWindow';
import { clientForRole, type ModelRequest } from '../llm/modelClient';
import type { Prices } from '../llm/pricing';
import type { RunDeps, RunRoles } from '../runTypes';

/** The user's prices, and $0 for the models a local endpoint serves (unless a price names them). */
export function pricesFor(deps: RunDeps): Prices {
  const { models, prices } = deps.config;
  const localModels = new Set<string>();
  if (clientForRole(deps.client, 'orchestrator').local === true) localModels.add(models.orchestrator);
  if (clientForRole(deps.client, 'worker').local === true) localModels.add(models.worker);
  return { overrides: prices, localModels };
}

export function rolesOf(deps: Pick<RunDeps, 'client' | 'config'>): RunRoles {
  const { models } = deps.config;
  return {
    orchestrator: {
      provider: clientForRole(deps.client, 'orchestrator').provider,
      model: models.orchestrator,
    },
    worker: { provider: clientForRole(deps.client, 'worker').provider, model: models.worker },
  };
}

/** A worker request its model cannot take (prompt + output allowance over its context window) stops the run
 * before any worker call, naming the file. */
export function refuseOverContext(
  requests: ModelRequest[],
  counted: number[],
  windows: Readonly<Record<string, number>>,
): void {
  requests.forEach((request, index) => {
    const problem = overContextWindow(request, windows, counted[index] ?? 0);
    if (problem !== undefined) throw new OrchestraError('bad-input', `${problem} No worker was called.`);
  });
}
