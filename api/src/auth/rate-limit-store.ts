import type Redis from 'ioredis';

export interface Hits {
  count: number;
  /** Milliseconds until the window closes and the count resets. */
  resetInMs: number;
}

/** Fixed-window counters, e.g. failed logins per nickname and per address. */
export interface RateLimitStore {
  /** Current count without adding to it. */
  peek(key: string): Promise<Hits>;
  /** Adds one; the window starts at the first hit. */
  hit(key: string, windowMs: number): Promise<Hits>;
  reset(key: string): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  async peek(key: string): Promise<Hits> {
    const window = this.live(key);
    return window ? { count: window.count, resetInMs: window.endsAt - Date.now() } : { count: 0, resetInMs: 0 };
  }

  async hit(key: string, windowMs: number): Promise<Hits> {
    const window = this.live(key) ?? { count: 0, endsAt: Date.now() + windowMs };
    window.count += 1;
    this.windows.set(key, window);
    return { count: window.count, resetInMs: window.endsAt - Date.now() };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private live(key: string) {
    const window = this.windows.get(key);
    if (window && window.endsAt <= Date.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis, private readonly prefix = 'onair:ratelimit:') {}

  async peek(key: string): Promise<Hits> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(this.prefix + key).pttl(this.prefix + key).exec()) as [
      [unknown, string | null], [unknown, number]];
    return { count: Number(count ?? 0), resetInMs: Math.max(0, ttl) };
  }

  async hit(key: string, windowMs: number): Promise<Hits> {
    const name = this.prefix + key;
    const [[, count], , [, ttl]] = (await this.redis.multi().incr(name).pexpire(name, windowMs, 'NX').pttl(name).exec()) as [
      [unknown, number], unknown, [unknown, number]];
    return { count, resetInMs: Math.max(0, ttl) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
