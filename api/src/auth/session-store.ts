import type Redis from 'ioredis';

export interface Session {
  /** SHA-256 of the opaque token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Server-side session records, with expiry. */
export interface SessionStore {
  save(session: Session): Promise<void>;
  /** The live session for this token hash, or undefined when unknown, revoked or expired. */
  find(tokenHash: string): Promise<Session | undefined>;
  remove(tokenHash: string): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();

  async save(session: Session): Promise<void> {
    this.sweep();
    this.sessions.set(session.tokenHash, { ...session });
  }

  async find(tokenHash: string): Promise<Session | undefined> {
    const session = this.sessions.get(tokenHash);
    if (session && session.expiresAt <= Date.now()) {
      this.sessions.delete(tokenHash);
      return undefined;
    }
    return session && { ...session };
  }

  async remove(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  private sweep() {
    const now = Date.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}

export class RedisSessionStore implements SessionStore {
  constructor(private readonly redis: Redis, private readonly prefix = 'onair:session:') {}

  async save(session: Session): Promise<void> {
    const ttl = Math.max(1, session.expiresAt - Date.now());
    await this.redis.set(this.prefix + session.tokenHash, JSON.stringify(session), 'PX', ttl);
  }

  async find(tokenHash: string): Promise<Session | undefined> {
    const raw = await this.redis.get(this.prefix + tokenHash);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : undefined;
  }

  async remove(tokenHash: string): Promise<void> {
    await this.redis.del(this.prefix + tokenHash);
  }
}
