import { OrderId, PaymentId, UserId } from './types';

/** Validates and brands raw ids coming from URLs, forms and JSON. */
const ID_PATTERN = /^[a-z]{1,4}_[A-Za-z0-9]{6,32}$/;

function checkId(raw: string, prefix: string): string {
  if (!ID_PATTERN.test(raw) || !raw.startsWith(`${prefix}_`)) {
    throw new Error(`Invalid id "${raw}": expected "${prefix}_" followed by 6-32 letters or digits`);
  }
  return raw;
}

export function toUserId(raw: string): UserId {
  return checkId(raw, 'usr') as UserId;
}

export function toOrderId(raw: string): OrderId {
  return checkId(raw, 'ord') as OrderId;
}

export function toPaymentId(raw: string): PaymentId {
  return checkId(raw, 'pay') as PaymentId;
}
