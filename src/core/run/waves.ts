/**
 * Dependency waves over capped dispatch: a task starts only after every task it depends on has finished
 * well, one wave at a time (wave n holds the tasks whose longest chain of dependencies is n long). The cap
 * counts the tasks started across all waves; the concurrency holds within each; a stop reason or the
 * signal stops every later start, as in `dispatchCapped`. A task whose dependency did not finish well, or
 * that sits on a cycle, is not started and says which dependency and why.
 */
import { dispatchCapped, type DispatchOptions, type DispatchOutcome } from './dispatch';

export interface WaveTask<T> {
  key: string;
  /** Keys of other tasks, or of things outside the waves (`external` judges those). */
  deps: readonly string[];
  run: () => Promise<T>;
}

export interface WaveOptions<T> extends Omit<DispatchOptions, 'warmFirst'> {
  /** Whether a finished task did what it had to (its dependents may start). */
  ok: (value: T) => boolean;
  /** Why a finished task that is not `ok` failed, in words (its status and reason). */
  failure: (value: T) => string;
  /** How a task is named in a dependent's reason ("s1 (src/a.ts)"). */
  label: (key: string) => string;
  /** For a dependency that is not a task here: why it blocks its dependents, or undefined when it does not. */
  external?: (key: string) => string | undefined;
  /** Warm the cache with one call before the rest of the first wave (see `DispatchOptions.warmFirst`). */
  warmFirst?: (tasks: ReadonlyArray<WaveTask<T>>) => boolean;
  /** Called before each wave starts, with its tasks (to re-build their requests on the texts so far). */
  beforeWave?: (tasks: ReadonlyArray<WaveTask<T>>) => void;
  /**
   * Called once per task as soon as its outcome is known: a started task when it finishes (so in the order
   * tasks finish, wave by wave), one not started when its wave (or the end, for a cycle) decides so.
   */
  onSettled?: (outcome: WaveOutcome<T>) => void;
}

export type WaveOutcome<T> =
  DispatchOutcome<T> | { key: string; started: false; why: 'dependency'; detail: string };

/** Each task's wave (0 = no dependency among the tasks), or undefined for one on or after a cycle. */
export function wavesOf<T>(tasks: ReadonlyArray<WaveTask<T>>): Map<string, number | undefined> {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const level = new Map<string, number | undefined>();
  const open = new Set<string>();
  const visit = (key: string): number | undefined => {
    if (level.has(key)) return level.get(key);
    if (open.has(key)) return undefined;
    open.add(key);
    let wave: number | undefined = 0;
    for (const dep of byKey.get(key)?.deps ?? []) {
      if (!byKey.has(dep)) continue;
      const at = visit(dep);
      wave = at === undefined || wave === undefined ? undefined : Math.max(wave, at + 1);
    }
    open.delete(key);
    level.set(key, wave);
    return wave;
  };
  for (const t of tasks) visit(t.key);
  return level;
}

export async function dispatchWaves<T>(
  tasks: ReadonlyArray<WaveTask<T>>,
  options: WaveOptions<T>,
): Promise<Array<WaveOutcome<T>>> {
  const levels = wavesOf(tasks);
  const keys = new Set(tasks.map((t) => t.key));
  const done = new Map<string, WaveOutcome<T>>();
  const settle = (outcome: WaveOutcome<T>): void => {
    done.set(outcome.key, outcome);
    options.onSettled?.(outcome);
  };
  const count = Math.max(-1, ...[...levels.values()].map((l) => l ?? -1)) + 1;
  let started = 0;
  for (let wave = 0; wave < count; wave++) {
    const ready: Array<WaveTask<T>> = [];
    for (const task of tasks.filter((t) => levels.get(t.key) === wave)) {
      const blocked = blockedBy(task, keys, done, options);
      if (blocked !== undefined)
        settle({ key: task.key, started: false, why: 'dependency', detail: blocked });
      else ready.push(task);
    }
    if (ready.length === 0) continue;
    options.beforeWave?.(ready);
    const tracked = ready.map((task) => ({
      key: task.key,
      run: async (): Promise<T> => {
        const value = await task.run();
        settle({ key: task.key, started: true, value });
        return value;
      },
    }));
    const results = await dispatchCapped(tracked, {
      cap: Math.max(0, Math.floor(options.cap) - started),
      concurrency: options.concurrency,
      signal: options.signal,
      stopReason: options.stopReason,
      warmFirst: wave === 0 && options.warmFirst?.(ready) === true,
    });
    for (const r of results) {
      if (r.started) started++;
      else settle(r);
    }
  }
  for (const t of tasks) {
    if (done.has(t.key)) continue;
    const detail = `its dependencies form a cycle (${cycleThrough(tasks, t.key)}); it was not started`;
    settle({ key: t.key, started: false, why: 'dependency', detail });
  }
  return tasks.map((t) => done.get(t.key) as WaveOutcome<T>);
}

function blockedBy<T>(
  task: WaveTask<T>,
  keys: ReadonlySet<string>,
  done: ReadonlyMap<string, WaveOutcome<T>>,
  options: WaveOptions<T>,
): string | undefined {
  for (const dep of task.deps) {
    if (!keys.has(dep)) {
      const why = options.external?.(dep);
      if (why !== undefined) return `its dependency ${options.label(dep)} ${why}; it was not started`;
      continue;
    }
    const outcome = done.get(dep);
    if (outcome === undefined) return `its dependency ${options.label(dep)} did not run; it was not started`;
    if (outcome.started && options.ok(outcome.value)) continue;
    const why = outcome.started
      ? options.failure(outcome.value)
      : `was not run (${outcome.detail ?? notRun(outcome.why)})`;
    return `its dependency ${options.label(dep)} ${why}; it was not started`;
  }
  return undefined;
}

function notRun(why: 'cap' | 'stopped' | 'cancelled' | 'dependency'): string {
  if (why === 'cap') return 'beyond the maxWorkers cap';
  if (why === 'cancelled') return 'the run was cancelled';
  if (why === 'stopped') return 'the budget could not cover another call';
  return 'a dependency of its own did not finish';
}

/** The keys on a cycle that `key` is on or waits for, for the reason (`a → b → a`). */
function cycleThrough<T>(tasks: ReadonlyArray<WaveTask<T>>, key: string): string {
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const path: string[] = [];
  let at: string | undefined = key;
  while (at !== undefined && !path.includes(at)) {
    path.push(at);
    const next: WaveTask<T> | undefined = byKey.get(at);
    at = next?.deps.find((d) => byKey.has(d) && wavesOfKey(tasks, d) === undefined);
  }
  return at === undefined ? path.join(' → ') : [...path.slice(path.indexOf(at)), at].join(' → ');
}

function wavesOfKey<T>(tasks: ReadonlyArray<WaveTask<T>>, key: string): number | undefined {
  return wavesOf(tasks).get(key);
}
