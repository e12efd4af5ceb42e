/** One place for the backend's URLs so services never concatenate paths by hand. */
export const API_BASE = 'https://api.shop.example/v1';

export const endpoints = {
  user: (id: string): string => `${API_BASE}/users/${encodeURIComponent(id)}`,
  userOrders: (id: string): string => `${API_BASE}/users/${encodeURIComponent(id)}/orders`,
  orders: (): string => `${API_BASE}/orders`,
  payments: (): string => `${API_BASE}/payments`,
  notifications: (): string => `${API_BASE}/notifications`,
} as const;
