import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toUserId } from '../ids';
import { Order } from '../types';
import { pendingOrders } from './orderService';

test('pendingOrders keeps only orders waiting for payment', async () => {
  const userId = toUserId('usr_carol01');
  const orders = [
    { id: 'ord_aaaaaa', userId, lines: [], status: 'pending', createdAt: '2025-01-01' },
    { id: 'ord_bbbbbb', userId, lines: [], status: 'paid', createdAt: '2025-01-02' },
  ];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async () => new Response(JSON.stringify(orders), { status: 200 });
  try {
    const pending: Order[] = await pendingOrders(userId);
    assert.deepEqual(
      pending.map((o) => o.id),
      ['ord_aaaaaa'],
    );
  } finally {
    globalThis.fetch = realFetch;
  }
});
