/**
 * Capped, concurrency-limited dispatch. The cap and the concurrency are enforced here, in code:
 * at most `cap` tasks ever start, at most `concurrency` run at once, and once `stopReason()` gives a
 * reason (budget exhausted) or the signal fires, no further task starts. Queued tasks then settle at
 * once as not started; in-flight ones end through the same signal (the model client aborts them).
 */
import pLimit from 'p-limit';

export interface DispatchOptions {
  cap: number;
  concurrency: number;
  signal?: AbortSignal;
  /** Checked before each start; a reason stops all further starts. */
  stopReason?: () => string | undefined;
  /**
   * Run the first task alone before the others start: its call writes the shared prompt prefix to the
   * cache, so the rest read it at a tenth of the price instead of all paying for the write at once.
   */
  warmFirst?: boolean;
}

export interface DispatchTask<T> {
  key: string;
  run: () => Promise<T>;
}

export type DispatchOutcome<T> =
  | { key: string; started: true; value: T }
  | { key: string; started: false; why: 'cap' | 'stopped' | 'cancelled'; detail?: string };

export async function dispatchCapped<T>(
  tasks: Array<DispatchTask<T>>,
  options: DispatchOptions,
): Promise<Array<DispatchOutcome<T>>> {
  const cap = Math.max(0, Math.floor(options.cap));
  const limit = pLimit(Math.max(1, Math.min(options.concurrency, cap || 1)));
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  const warm = options.warmFirst === true && Math.min(cap, tasks.length) > 1;
  return Promise.all(
    tasks.map((task, index): Promise<DispatchOutcome<T>> => {
      if (index >= cap) return Promise.resolve({ key: task.key, started: false, why: 'cap' });
      const start = (): Promise<DispatchOutcome<T>> =>
        limit(async (): Promise<DispatchOutcome<T>> => {
          if (options.signal?.aborted) return { key: task.key, started: false, why: 'cancelled' };
          const stop = options.stopReason?.();
          if (stop !== undefined) return { key: task.key, started: false, why: 'stopped', detail: stop };
          return { key: task.key, started: true, value: await task.run() };
        });
      if (!warm) return start();
      if (index > 0) return gate.then(start);
      const first = start();
      first.then(openGate, openGate);
      return first;
    }),
  );
}
