import { endpoints } from '../http/endpoints';
import { fetchJson } from '../http/fetchJson';
import { Order, OrderLine, UserId } from '../types';

export async function placeOrder(userId: UserId, lines: OrderLine[]): Promise<Order> {
  if (lines.length === 0) throw new Error('Cannot place an empty order');
  return fetchJson<Order>(endpoints.orders(), 'POST', { userId, lines });
}

export async function listOrders(userId: UserId): Promise<Order[]> {
  return fetchJson<Order[]>(endpoints.userOrders(userId));
}

/** Orders of `userId` that still wait for payment. */
export async function pendingOrders(userId: UserId): Promise<Order[]> {
  const orders = await listOrders(userId);
  return orders.filter((order) => order.status === 'pending');
}
