import { User, UserId } from '../types';

/** Small TTL cache so a checkout does not fetch the same user three times. */
export class UserCache {
  private readonly entries = new Map<UserId, { user: User; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(id: UserId): User | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.user;
  }

  set(user: User): void {
    this.entries.set(user.id, { user, expiresAt: this.now() + this.ttlMs });
  }

  invalidate(id: UserId): void {
    this.entries.delete(id);
  }
}
