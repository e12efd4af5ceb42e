import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dispatchCapped } from '../../../../src/core/run/dispatch';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('property: never more than the cap started, never more than the concurrency in flight', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 24 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 8 }),
      async (delays, cap, concurrency) => {
        let inFlight = 0;
        let maxInFlight = 0;
        let started = 0;
        const out = await dispatchCapped(
          delays.map((d, i) => ({
            key: `t${i}`,
            run: async () => {
              started++;
              maxInFlight = Math.max(maxInFlight, ++inFlight);
              await tick(d);
              inFlight--;
              return i;
            },
          })),
          { cap, concurrency },
        );
        assert.ok(started <= cap);
        assert.equal(started, Math.min(cap, delays.length));
        assert.ok(maxInFlight <= Math.min(cap, concurrency));
        assert.equal(
          out.filter((o) => !o.started && o.why === 'cap').length,
          Math.max(0, delays.length - cap),
        );
      },
    ),
    { numRuns: 60 },
  );
});

test('stopReason stops further starts; queued tasks settle as stopped', async () => {
  let stop: string | undefined;
  const ran: number[] = [];
  const out = await dispatchCapped(
    [0, 1, 2, 3, 4].map((i) => ({
      key: `t${i}`,
      run: async () => {
        ran.push(i);
        if (i === 1) stop = 'budget exhausted';
        await tick(1);
        return i;
      },
    })),
    { cap: 5, concurrency: 1, stopReason: () => stop },
  );
  assert.deepEqual(ran, [0, 1]);
  assert.deepEqual(
    out.map((o) => (o.started ? 'ran' : `${o.why}:${o.detail ?? ''}`)),
    ['ran', 'ran', 'stopped:budget exhausted', 'stopped:budget exhausted', 'stopped:budget exhausted'],
  );
});

test('abort settles queued tasks at once as cancelled', async () => {
  const controller = new AbortController();
  const t0 = Date.now();
  const out = await dispatchCapped(
    [0, 1, 2, 3].map((i) => ({
      key: `t${i}`,
      run: async () => {
        controller.abort();
        await tick(5);
        return i;
      },
    })),
    { cap: 4, concurrency: 1, signal: controller.signal },
  );
  assert.ok(Date.now() - t0 < 200);
  assert.deepEqual(
    out.map((o) => (o.started ? 'ran' : o.why)),
    ['ran', 'cancelled', 'cancelled', 'cancelled'],
  );
});

test('warmFirst runs the first task alone, then the rest concurrently', async () => {
  const events: string[] = [];
  await dispatchCapped(
    [0, 1, 2, 3].map((i) => ({
      key: `t${i}`,
      run: async () => {
        events.push(`start${i}`);
        await tick(5);
        events.push(`end${i}`);
        return i;
      },
    })),
    { cap: 4, concurrency: 3, warmFirst: true },
  );
  assert.deepEqual(events.slice(0, 5), ['start0', 'end0', 'start1', 'start2', 'start3']);
});
