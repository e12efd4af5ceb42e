/** Public surface of the shop client. */
export type { Money, Notification, Order, OrderLine, OrderStatus, Payment, User, UserId } from './types';
export { toOrderId, toPaymentId, toUserId } from './ids';
export { fetchJson, HttpError } from './http/fetchJson';
export { getReferrer, getUser, updateEmail } from './users/userService';
export { UserCache } from './users/userCache';
export { listOrders, pendingOrders, placeOrder } from './orders/orderService';
export { formatMoney, lineTotal, orderTotal } from './orders/pricing';
export { charge, PaymentDeclinedError } from './payments/paymentService';
export { notify, orderConfirmation } from './notifications/notifier';
export { checkout, type CheckoutResult } from './checkout';
