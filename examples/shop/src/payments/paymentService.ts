import { endpoints } from '../http/endpoints';
import { fetchJson } from '../http/fetchJson';
import { orderTotal } from '../orders/pricing';
import { Order, Payment, UserId } from '../types';

export class PaymentDeclinedError extends Error {
  constructor(readonly payment: Payment) {
    super(`Payment ${payment.id} for order ${payment.orderId} was declined`);
    this.name = 'PaymentDeclinedError';
  }
}

/** Charges the order total to `payer` (usually the order's user, or whoever pays for a gift). */
export async function charge(order: Order, payer: UserId = order.userId): Promise<Payment> {
  const amount = orderTotal(order.lines);
  const payment = await fetchJson<Payment>(endpoints.payments(), 'POST', {
    orderId: order.id,
    payer,
    amount,
  });
  if (payment.status === 'failed') throw new PaymentDeclinedError(payment);
  return payment;
}
