import { notify, orderConfirmation } from './notifications/notifier';
import { placeOrder } from './orders/orderService';
import { formatMoney } from './orders/pricing';
import { charge } from './payments/paymentService';
import { Order, OrderLine, Payment, UserId } from './types';
import { getUser } from './users/userService';

export interface CheckoutResult {
  order: Order;
  payment: Payment;
}

/** Places, pays and confirms an order; `payer` defaults to the buyer. */
export async function checkout(buyer: UserId, lines: OrderLine[], payer?: UserId): Promise<CheckoutResult> {
  const user = await getUser(buyer);
  const order = await placeOrder(user.id, lines);
  const payment = await charge(order, payer ?? user.id);
  await notify(orderConfirmation(user.id, order.id, formatMoney(payment.amount)));
  return { order, payment };
}
