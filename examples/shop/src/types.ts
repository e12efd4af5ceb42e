/** Domain types shared by every service. Ids are branded so a UserId cannot be passed where an OrderId is expected. */

export type UserId = string & { readonly __brand: 'UserId' };
export type OrderId = string & { readonly __brand: 'OrderId' };
export type PaymentId = string & { readonly __brand: 'PaymentId' };

/** Amounts are integer cents to avoid floating-point rounding. */
export interface Money {
  cents: number;
  currency: 'EUR' | 'USD' | 'GBP';
}

export interface User {
  id: UserId;
  email: string;
  displayName: string;
  /** Users referred by another user keep a link for the referral bonus. */
  referredBy?: UserId;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: Money;
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

export interface Order {
  id: OrderId;
  userId: UserId;
  lines: OrderLine[];
  status: OrderStatus;
  createdAt: string;
}

export interface Payment {
  id: PaymentId;
  orderId: OrderId;
  payer: UserId;
  amount: Money;
  status: 'authorized' | 'captured' | 'failed';
}

export interface Notification {
  recipient: UserId;
  channel: 'email' | 'push';
  subject: string;
  body: string;
}
