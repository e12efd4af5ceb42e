import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toUserId } from '../ids';
import { User, UserId } from '../types';
import { UserCache } from './userCache';

const alice: User = { id: toUserId('usr_alice01'), email: 'alice@example.com', displayName: 'Alice' };

describe('UserCache', () => {
  test('returns a cached user until the TTL expires', () => {
    let now = 1_000;
    const cache = new UserCache(500, () => now);
    cache.set(alice);
    assert.deepEqual(cache.get(alice.id), alice);
    now = 1_499;
    assert.equal(cache.get(alice.id)?.email, 'alice@example.com');
    now = 1_500;
    assert.equal(cache.get(alice.id), undefined);
  });

  test('invalidate drops one user only', () => {
    const cache = new UserCache(10_000);
    const bob: User = {
      id: toUserId('usr_bob0001'),
      email: 'bob@example.com',
      displayName: 'Bob',
      referredBy: alice.id,
    };
    cache.set(alice);
    cache.set(bob);
    cache.invalidate(alice.id);
    const missing: UserId = alice.id;
    assert.equal(cache.get(missing), undefined);
    assert.equal(cache.get(bob.id)?.referredBy, alice.id);
  });

  test('toUserId rejects ids with the wrong prefix', () => {
    assert.throws(() => toUserId('ord_123456'), /expected "usr_"/);
  });
});
