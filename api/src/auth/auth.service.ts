import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { AppError, ErrorCode, unauthenticated } from '../shared/errors';
import type { AppPubSub } from '../pubsub/topics';
import { Topic } from '../pubsub/topics';
import type { User } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import { decoyHash, hashPassword, verifyPassword } from './password';
import type { RateLimitStore } from './rate-limit-store';
import type { Session, SessionStore } from './session-store';

export const invalidCredentials = () =>
  new AppError(ErrorCode.InvalidCredentials, 'Wrong nickname or password');
export const rateLimited = (retryAfterMs: number) =>
  new AppError(ErrorCode.RateLimited, 'Too many failed sign-in attempts; try again later',
    { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
export const invalidToken = () => unauthenticated('Your session is invalid or has expired; sign in again');

export interface Credentials {
  nickname: string;
  password: string;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  user: User;
}

export interface AuthOptions {
  sessionTtlSeconds: number;
  login: { maxFailures: number; windowSeconds: number };
}

/** Failed attempts allowed from one address, across nicknames, per window. */
const ADDRESS_FACTOR = 4;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionStore,
    private readonly limits: RateLimitStore,
    private readonly pubsub: AppPubSub,
    private readonly options: AuthOptions,
  ) {}

  async register(em: EntityManager, input: Credentials & { avatarUrl?: string | null }): Promise<IssuedSession> {
    const user = await this.users.create(em, {
      nickname: input.nickname.trim(),
      passwordHash: await hashPassword(input.password),
      avatarUrl: input.avatarUrl,
    });
    return this.issue(user);
  }

  async login(em: EntityManager, input: Credentials, address: string): Promise<IssuedSession> {
    const windowMs = this.options.login.windowSeconds * 1000;
    const keys = [
      { key: `login:nick:${input.nickname.normalize('NFKC').toLocaleLowerCase('en-US')}`, max: this.options.login.maxFailures },
      { key: `login:addr:${address}`, max: this.options.login.maxFailures * ADDRESS_FACTOR },
    ];
    for (const { key, max } of keys) {
      const hits = await this.limits.peek(key);
      if (hits.count >= max) throw rateLimited(hits.resetInMs);
    }
    const user = await this.users.findByNickname(em, input.nickname.trim());
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
    if (!user || !ok) {
      await Promise.all(keys.map(({ key }) => this.limits.hit(key, windowMs)));
      throw invalidCredentials();
    }
    await this.limits.reset(keys[0].key);
    return this.issue(user);
  }

  /** Revokes the session on every node; open realtime connections using it are closed. */
  async logout(tokenHash: string): Promise<void> {
    await this.sessions.remove(tokenHash);
    this.pubsub.publish(Topic.SessionRevoked, { tokenHash });
  }

  /** The session of a bearer token; throws UNAUTHENTICATED when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Session> {
    const session = token ? await this.sessions.find(hashToken(token)) : undefined;
    if (!session) throw invalidToken();
    return session;
  }

  private async issue(user: User): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + this.options.sessionTtlSeconds * 1000;
    await this.sessions.save({ tokenHash: hashToken(token), userId: user.id, expiresAt });
    return { token, expiresAt: new Date(expiresAt), user };
  }
}
