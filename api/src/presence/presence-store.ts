import type Redis from 'ioredis';

/**
 * Counts open realtime connections per user. A user is online while the count is above zero;
 * add/remove report the transitions so exactly one "online"/"offline" event is published.
 */
export interface PresenceStore {
  /** True when this connection made the user online (0 → 1). */
  add(userId: string): Promise<boolean>;
  /** True when this connection's end made the user offline (1 → 0). */
  remove(userId: string): Promise<boolean>;
  onlineUserIds(): Promise<string[]>;
  isOnline(userId: string): Promise<boolean>;
}

export class MemoryPresenceStore implements PresenceStore {
  private readonly counts = new Map<string, number>();

  async add(userId: string): Promise<boolean> {
    const count = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, count);
    return count === 1;
  }

  async remove(userId: string): Promise<boolean> {
    const count = (this.counts.get(userId) ?? 0) - 1;
    if (count > 0) {
      this.counts.set(userId, count);
      return false;
    }
    return this.counts.delete(userId);
  }

  async onlineUserIds(): Promise<string[]> {
    return [...this.counts.keys()];
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.counts.has(userId);
  }
}

/** Decrements and deletes in one step, so a concurrent add can never see a stale zero. */
const REMOVE_SCRIPT = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) return 1 end
return 0`;

/** Presence shared by every api node through one Redis hash of user id → open connections. */
export class RedisPresenceStore implements PresenceStore {
  constructor(private readonly redis: Redis, private readonly key = 'onair:presence') {}

  async add(userId: string): Promise<boolean> {
    return (await this.redis.hincrby(this.key, userId, 1)) === 1;
  }

  async remove(userId: string): Promise<boolean> {
    return (await this.redis.eval(REMOVE_SCRIPT, 1, this.key, userId)) === 1;
  }

  async onlineUserIds(): Promise<string[]> {
    return this.redis.hkeys(this.key);
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.redis.hexists(this.key, userId)) === 1;
  }
}
