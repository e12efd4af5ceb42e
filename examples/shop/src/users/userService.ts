import { endpoints } from '../http/endpoints';
import { fetchJson } from '../http/fetchJson';
import { User, UserId } from '../types';
import { UserCache } from './userCache';

const cache = new UserCache(60_000);

export async function getUser(id: UserId): Promise<User> {
  const cached = cache.get(id);
  if (cached !== undefined) return cached;
  const user = await fetchJson<User>(endpoints.user(id));
  cache.set(user);
  return user;
}

export async function updateEmail(id: UserId, email: string): Promise<User> {
  if (!email.includes('@')) throw new Error(`"${email}" is not an email address`);
  const user = await fetchJson<User>(endpoints.user(id), 'PATCH', { email });
  cache.set(user);
  return user;
}

/** The user who referred `id`, if any. */
export async function getReferrer(id: UserId): Promise<UserId | undefined> {
  const user = await getUser(id);
  return user.referredBy;
}
