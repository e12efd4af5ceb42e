import { endpoints } from '../http/endpoints';
import { fetchJson } from '../http/fetchJson';
import type { Notification, UserId } from '../types';

export function orderConfirmation(recipient: UserId, orderId: string, total: string): Notification {
  return {
    recipient,
    channel: 'email',
    subject: `Order ${orderId} confirmed`,
    body: `Thanks for your order. We charged ${total} and will tell you when it ships.`,
  };
}

export async function notify(notification: Notification): Promise<void> {
  await fetchJson<{ queued: boolean }>(endpoints.notifications(), 'POST', notification);
}
