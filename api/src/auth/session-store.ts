import type Redis from 'ioredis';

export interface Session {
  /** SHA-256 of the opaque token: the token itself is never stored. */
  tokenHash: string;
  userId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Server-side session records, with expiry, indexed by user. */
export interface SessionStore {
  save(session: Session): Promise<void>;
  /** The live session for this token hash, or undefined when unknown, revoked or expired. */
  find(tokenHash: string): Promise<Session | undefined>;
  remove(tokenHash: string): Promise<void>;
  /**
   * Removes every live session of a user but `except` (a token hash), and answers the token hashes
   * it removed (expired ones aside), each once even when two calls race.
   */
  removeAllOfUser(userId: string, except?: string): Promise<string[]>;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly byUser = new Map<string, Set<string>>();

  async save(session: Session): Promise<void> {
    this.sweep();
    this.sessions.set(session.tokenHash, { ...session });
    let hashes = this.byUser.get(session.userId);
    if (!hashes) this.byUser.set(session.userId, (hashes = new Set()));
    hashes.add(session.tokenHash);
  }

  async find(tokenHash: string): Promise<Session | undefined> {
    const session = this.sessions.get(tokenHash);
    if (session && session.expiresAt <= Date.now()) {
      this.delete(session);
      return undefined;
    }
    return session && { ...session };
  }

  async remove(tokenHash: string): Promise<void> {
    const session = this.sessions.get(tokenHash);
    if (session) this.delete(session);
  }

  async removeAllOfUser(userId: string, except?: string): Promise<string[]> {
    const now = Date.now();
    const removed: string[] = [];
    for (const tokenHash of [...(this.byUser.get(userId) ?? [])]) {
      if (tokenHash === except) continue;
      const session = this.sessions.get(tokenHash)!;
      if (session.expiresAt > now) removed.push(tokenHash);
      this.delete(session);
    }
    return removed;
  }

  private delete(session: Session) {
    this.sessions.delete(session.tokenHash);
    const hashes = this.byUser.get(session.userId);
    hashes?.delete(session.tokenHash);
    if (hashes?.size === 0) this.byUser.delete(session.userId);
  }

  private sweep() {
    const now = Date.now();
    for (const session of this.sessions.values()) if (session.expiresAt <= now) this.delete(session);
  }
}

/**
 * Sessions as Redis keys that expire with them (`<prefix><tokenHash>`, JSON), and per user a sorted
 * set of their token hashes scored by expiry (`<userPrefix><userId>`), which lives as long as the
 * user's last session and loses expired members whenever a session is added.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'onair:session:',
    private readonly userPrefix = 'onair:user-sessions:',
  ) {}

  async save(session: Session): Promise<void> {
    const ttl = Math.max(1, session.expiresAt - Date.now());
    const index = this.userPrefix + session.userId;
    await this.redis.multi()
      .set(this.prefix + session.tokenHash, JSON.stringify(session), 'PX', ttl)
      .zadd(index, session.expiresAt, session.tokenHash)
      .zremrangebyscore(index, '-inf', Date.now())
      // A key without expiry counts as "never" for GT: NX gives it one, GT extends it.
      .pexpire(index, ttl, 'NX')
      .pexpire(index, ttl, 'GT')
      .exec();
  }

  async find(tokenHash: string): Promise<Session | undefined> {
    const raw = await this.redis.get(this.prefix + tokenHash);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    return session.expiresAt > Date.now() ? session : undefined;
  }

  async remove(tokenHash: string): Promise<void> {
    const raw = await this.redis.get(this.prefix + tokenHash);
    const multi = this.redis.multi().del(this.prefix + tokenHash);
    if (raw) multi.zrem(this.userPrefix + (JSON.parse(raw) as Session).userId, tokenHash);
    await multi.exec();
  }

  async removeAllOfUser(userId: string, except?: string): Promise<string[]> {
    const index = this.userPrefix + userId;
    const hashes = (await this.redis.zrangebyscore(index, Date.now(), '+inf')).filter((hash) => hash !== except);
    if (!hashes.length) return [];
    const multi = this.redis.multi();
    for (const hash of hashes) multi.del(this.prefix + hash);
    multi.zrem(index, ...hashes);
    const results = (await multi.exec()) ?? [];
    // DEL answers 1 only to the call that removed the key: a racing call does not count it again.
    return hashes.filter((_, i) => results[i]?.[1] === 1);
  }
}
