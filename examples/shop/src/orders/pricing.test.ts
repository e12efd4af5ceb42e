import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderLine } from '../types';
import { formatMoney, lineTotal, orderTotal } from './pricing';

const eur = (cents: number) => ({ cents, currency: 'EUR' as const });

test('orderTotal sums quantity × unit price in cents', () => {
  const lines: OrderLine[] = [
    { sku: 'mug', quantity: 2, unitPrice: eur(1250) },
    { sku: 'tea', quantity: 3, unitPrice: eur(399) },
  ];
  assert.deepEqual(orderTotal(lines), eur(3697));
  assert.equal(formatMoney(orderTotal(lines)), '36.97 EUR');
});

test('lineTotal rejects fractional quantities', () => {
  assert.throws(() => lineTotal({ sku: 'mug', quantity: 1.5, unitPrice: eur(100) }), /positive integer/);
});

test('orderTotal rejects mixed currencies', () => {
  const lines: OrderLine[] = [
    { sku: 'mug', quantity: 1, unitPrice: eur(100) },
    { sku: 'hat', quantity: 1, unitPrice: { cents: 100, currency: 'USD' } },
  ];
  assert.throws(() => orderTotal(lines), /Mixed currencies/);
});
