/** What one run's stages share: the metered client, the ledger and budget, config, events and the rate gate. */
import type { EventSink, RunDeps, RunState } from '../runTypes';
import { withLedger } from '../llm/meteredClient';
import type { RunContext } from '../run/runContext';
import { RateGate } from '../run/rateGate';

export function contextFor(deps: RunDeps, state: RunState): RunContext {
  const emit: EventSink = (event) => {
    try {
      deps.onEvent?.(event);
    } catch {
      // A listener's failure (a progress UI that went away) must not break the run.
    }
  };
  state.ledger.onRecord = () => {
    const s = state.ledger.summary();
    emit({ type: 'usage', calls: s.calls, costUsd: s.costUsd, usage: s.usage });
  };
  return {
    workspace: deps.workspace,
    client: withLedger(deps.client, state.ledger),
    ledger: state.ledger,
    budget: state.budget,
    config: deps.config,
    signal: deps.signal,
    emit,
    limiter: new RateGate({ maxConcurrency: deps.config.maxConcurrency }),
  };
}
