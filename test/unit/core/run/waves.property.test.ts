import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dispatchWaves, type WaveTask } from '../../../../src/core/run/waves';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A random plan: each task may depend on earlier ones (a DAG), some fail, some depend on unknown ids. */
const planArb = fc
  .array(
    fc.record({
      delay: fc.integer({ min: 0, max: 3 }),
      fails: fc.boolean(),
      deps: fc.array(fc.nat(), { maxLength: 3 }),
    }),
    { maxLength: 16 },
  )
  .map((raw) => raw.map((r, i) => ({ ...r, deps: i === 0 ? [] : [...new Set(r.deps.map((d) => d % i))] })));

test('property: random plans with dependsOn never exceed the cap or the concurrency; each task starts after its dependencies finished well', async () => {
  await fc.assert(
    fc.asyncProperty(
      planArb,
      fc.integer({ min: 1, max: 10 }),
      fc.integer({ min: 1, max: 4 }),
      async (plan, cap, concurrency) => {
        let inFlight = 0;
        let maxInFlight = 0;
        const started: string[] = [];
        const finished = new Map<string, boolean>();
        const tasks: Array<WaveTask<boolean>> = plan.map((p, i) => ({
          key: `t${i}`,
          deps: p.deps.map((d) => `t${d}`),
          run: async () => {
            for (const d of p.deps)
              assert.equal(finished.get(`t${d}`), true, `t${i} started before t${d} finished well`);
            started.push(`t${i}`);
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            await tick(p.delay);
            inFlight--;
            finished.set(`t${i}`, !p.fails);
            return !p.fails;
          },
        }));
        const out = await dispatchWaves(tasks, {
          cap,
          concurrency,
          ok: (v) => v,
          failure: () => 'failed',
          label: (k) => k,
        });
        assert.ok(started.length <= cap, `${started.length} started, cap ${cap}`);
        assert.ok(maxInFlight <= Math.min(cap, concurrency));
        for (const [i, o] of out.entries()) {
          const p = plan[i]!;
          const depsOk = p.deps.every((d) => finished.get(`t${d}`) === true);
          if (o.started) assert.ok(depsOk);
          // Not started for a dependency exactly when one did not finish well; else only the cap stops it.
          else if (o.why === 'dependency') assert.ok(!depsOk, o.detail);
          else assert.equal(o.why, 'cap');
          if (!depsOk) assert.ok(!o.started);
        }
      },
    ),
    { numRuns: 150, seed: 1414 },
  );
});

test('waves: a cycle is not started and says so; an unknown dependency is judged by `external`', async () => {
  const ran: string[] = [];
  const task = (key: string, deps: string[]): WaveTask<boolean> => ({
    key,
    deps,
    run: async () => {
      ran.push(key);
      return true;
    },
  });
  const out = await dispatchWaves([task('a', ['b']), task('b', ['a']), task('c', ['x']), task('d', ['y'])], {
    cap: 8,
    concurrency: 2,
    ok: (v) => v,
    failure: () => 'failed',
    label: (k) => `«${k}»`,
    external: (k) => (k === 'x' ? 'is not in the plan' : undefined),
  });
  assert.deepEqual(ran, ['d']);
  assert.deepEqual(
    out.map((o) => (o.started ? [o.key, 'started'] : [o.key, o.why, o.detail])),
    [
      ['a', 'dependency', 'its dependencies form a cycle (a → b → a); it was not started'],
      ['b', 'dependency', 'its dependencies form a cycle (b → a → b); it was not started'],
      ['c', 'dependency', 'its dependency «x» is not in the plan; it was not started'],
      ['d', 'started'],
    ],
  );
});
