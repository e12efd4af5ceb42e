import { Money, OrderLine } from '../types';

/** Pure price arithmetic, kept apart from I/O so it is easy to test. */
export function lineTotal(line: OrderLine): Money {
  if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
    throw new Error(`Quantity for ${line.sku} must be a positive integer, got ${line.quantity}`);
  }
  return { cents: line.unitPrice.cents * line.quantity, currency: line.unitPrice.currency };
}

export function orderTotal(lines: readonly OrderLine[]): Money {
  const first = lines[0];
  if (first === undefined) throw new Error('An order needs at least one line');
  let cents = 0;
  for (const line of lines) {
    if (line.unitPrice.currency !== first.unitPrice.currency) {
      throw new Error(
        `Mixed currencies in one order: ${first.unitPrice.currency} and ${line.unitPrice.currency}`,
      );
    }
    cents += lineTotal(line).cents;
  }
  return { cents, currency: first.unitPrice.currency };
}

export function formatMoney(money: Money): string {
  return `${(money.cents / 100).toFixed(2)} ${money.currency}`;
}
