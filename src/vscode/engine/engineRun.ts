/**
 * One refactor's requests to the engine worker: plan (facts, plan, estimate) and execute (dispatch, merge,
 * type-check), with the run's settings, client specs, cancel signal and progress. The planned run stays in
 * the worker; `release` forgets the ones that were not executed (a re-plan, a cancelled review).
 */
import type { Plan } from '../../core/plan/planSchema';
import type { EventSink, RunRequest } from '../../core/runTypes';
import type { EngineClients } from '../refactor/runSetup';
import type { ExtensionSettings } from '../refactor/settingsSchema';
import type { EngineHost } from './engineHost';
import type { ExecutedRun, Globs, JournalSpec, PlannedRunView } from './protocol';

export class EngineRun {
  private readonly planned = new Set<string>();
  private readonly globs: Globs;

  constructor(
    private readonly engine: EngineHost,
    private readonly root: string,
    private readonly settings: ExtensionSettings,
    private readonly clients: EngineClients,
    private readonly signal: AbortSignal,
    private readonly onEvent: EventSink,
  ) {
    this.globs = { include: settings.run.include, exclude: settings.run.exclude };
  }

  async plan(request: RunRequest, onStage?: EventSink): Promise<PlannedRunView> {
    const planned = await this.engine.request(
      'plan',
      { ...this.common(), request },
      {
        signal: this.signal,
        lm: this.clients.lm,
        onEvent: (event) => {
          this.onEvent(event);
          onStage?.(event);
        },
      },
    );
    this.planned.add(planned.id);
    return planned;
  }

  /** A journaled run's plan again, without the orchestrator (resume). */
  async replan(file: string): Promise<PlannedRunView> {
    const planned = await this.engine.request(
      'replan',
      { ...this.common(), file },
      { signal: this.signal, lm: this.clients.lm, onEvent: this.onEvent },
    );
    this.planned.add(planned.id);
    return planned;
  }

  /**
   * `edited`: the reviewed plan when it differs from the planned one (then it is estimated again); `journal`:
   * where the worker journals the run.
   */
  execute(planned: PlannedRunView, edited: Plan | undefined, journal?: JournalSpec): Promise<ExecutedRun> {
    // The worker forgets a planned run once it executes it.
    this.planned.delete(planned.id);
    return this.engine.request(
      'execute',
      {
        ...this.common(),
        planned: planned.id,
        ...(edited ? { edited } : {}),
        ...(journal ? { journal } : {}),
      },
      { signal: this.signal, lm: this.clients.lm, onEvent: this.onEvent },
    );
  }

  /** Forgets the planned runs this refactor did not execute. */
  release(): void {
    for (const id of this.planned) {
      if (!this.engine.running) break;
      this.engine.request('release', { planned: id }).catch(() => undefined);
    }
    this.planned.clear();
  }

  private common(): {
    root: string;
    globs: Globs;
    config: ExtensionSettings['run'];
    clients: EngineClients['spec'];
  } {
    return { root: this.root, globs: this.globs, config: this.settings.run, clients: this.clients.spec };
  }
}
