/** The shared rate gate on a fake clock: back-off for all callers at once, then gradual recovery. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RateReport } from '../../../../src/core/llm/modelClient';
import { RateGate, type GateClock } from '../../../../src/core/run/rateGate';

class FakeClock implements GateClock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time on, firing due timers in order (and letting resolved promises run). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await flush();
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

type Done = (report: RateReport) => void;

/** `n` acquisitions; `started` lists the indexes whose slot was granted, in order. */
function acquireAll(gate: RateGate, n: number): { started: number[]; dones: Map<number, Done> } {
  const started: number[] = [];
  const dones = new Map<number, Done>();
  for (let i = 0; i < n; i++) {
    void gate.acquire().then((done) => {
      started.push(i);
      dones.set(i, done);
    });
  }
  return { started, dones };
}

test('a 429 pauses every caller until retry-after and halves the concurrency once', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 8, clock });
  const { started, dones } = acquireAll(gate, 12);
  await clock.advance(0);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7], 'never above maxConcurrency');
  // All eight were in flight when the provider refused: one cut, not eight.
  for (let i = 0; i < 6; i++) dones.get(i)?.({ outcome: 'limited', retryAfterMs: 2_000 });
  assert.deepEqual(gate.stats(), { limit: 4, inFlight: 2, pausedForMs: 2_000, limited: 6, cuts: 1 });
  await clock.advance(1_999);
  assert.equal(started.length, 8, 'nobody starts during the pause');
  await clock.advance(1);
  assert.deepEqual(started.slice(8), [8, 9], 'after it, up to the new limit (4, with 2 still in flight)');
  dones.get(6)?.({ outcome: 'ok' });
  dones.get(7)?.({ outcome: 'ok' });
  await clock.advance(0);
  assert.deepEqual(started.slice(10), [10, 11]);
});

test('answers raise the limit by one per round (additive increase), never above maxConcurrency', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 4, clock });
  const first = acquireAll(gate, 4);
  await clock.advance(0);
  for (const i of [0, 1, 2, 3]) first.dones.get(i)?.({ outcome: 'limited', retryAfterMs: 100 });
  assert.equal(gate.stats().limit, 2);
  await clock.advance(100);
  const limits: number[] = [];
  for (let round = 0; round < 6; round++) {
    const { dones } = acquireAll(gate, 1);
    await clock.advance(0);
    dones.get(0)?.({ outcome: 'ok' });
    limits.push(Math.round(gate.stats().limit * 100) / 100);
  }
  assert.deepEqual(limits, [2.5, 3, 3.33, 3.67, 4, 4]);
});

test('a later 429 from a call started after the cut cuts again; the pause never exceeds its cap', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 8, clock, maxPauseMs: 5_000, backoffMs: 300 });
  const a = acquireAll(gate, 8);
  await clock.advance(0);
  for (let i = 0; i < 8; i++) a.dones.get(i)?.({ outcome: 'limited' });
  assert.deepEqual(gate.stats(), { limit: 4, inFlight: 0, pausedForMs: 300, limited: 8, cuts: 1 });
  await clock.advance(300);
  const b = acquireAll(gate, 4);
  await clock.advance(0);
  assert.equal(b.started.length, 4);
  b.dones.get(0)?.({ outcome: 'limited', retryAfterMs: 60_000 });
  assert.deepEqual(gate.stats(), { limit: 2, inFlight: 3, pausedForMs: 5_000, limited: 9, cuts: 2 });
});

test('the requests window paces calls to the provider refill rate before it refuses one', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 8, clock });
  const first = acquireAll(gate, 1);
  await clock.advance(0);
  // Refused with 2 requests per second: full again in 750 ms, the next request in 250 ms, so the bucket
  // refills one request per 500 ms (paced 3% slower: 515.5 ms).
  first.dones.get(0)?.({
    outcome: 'limited',
    retryAfterMs: 250,
    requests: { limit: 2, remaining: 0, resetInMs: 750 },
  });
  const at: number[] = [];
  for (let i = 0; i < 4; i++) {
    void gate.acquire().then((done) => {
      at.push(Math.round(clock.now()));
      done({ outcome: 'ok', requests: { limit: 2, remaining: 0, resetInMs: 0 } });
    });
  }
  await clock.advance(3_000);
  assert.deepEqual(at, [250, 765, 1281, 1796], 'one start per refilled request, none at once');
  const { requestsPerSecond, ...rest } = gate.stats();
  assert.deepEqual(rest, { limit: 8, inFlight: 0, pausedForMs: 0, limited: 1, cuts: 0 });
  assert.equal(requestsPerSecond?.toFixed(3), '1.940', '2 a second, paced 3% under');
});

test('a tokens window with less left than an average call pauses new calls until it refilled enough', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 4, clock });
  const first = acquireAll(gate, 1);
  await clock.advance(0);
  first.dones.get(0)?.({
    outcome: 'ok',
    tokensUsed: 1_000,
    tokens: { limit: 10_000, remaining: 500, resetInMs: 6_000 },
  });
  const next = acquireAll(gate, 1);
  // 500 of the 9,500 missing tokens must refill: 6 s × 500 / 9,500 ≈ 315.8 ms.
  await clock.advance(315);
  assert.equal(next.started.length, 0);
  await clock.advance(1);
  assert.equal(next.started.length, 1);
});

test('an abort while waiting rejects that caller and leaves the others queued', async () => {
  const clock = new FakeClock();
  const gate = new RateGate({ maxConcurrency: 1, clock });
  const held = await gate.acquire();
  const controller = new AbortController();
  const aborted = gate.acquire(controller.signal);
  const { started } = acquireAll(gate, 1);
  controller.abort();
  await assert.rejects(aborted, (e: Error & { reason?: string }) => e.reason === 'cancelled');
  held({ outcome: 'failed' });
  await clock.advance(0);
  assert.deepEqual(started, [0]);
});
