import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { AppError, ErrorCode, unauthenticated } from '../shared/errors';
import type { AppPubSub } from '../pubsub/topics';
import { Topic } from '../pubsub/topics';
import type { User } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import { canonicalNickname, nicknameKey } from '../users/user.entity';
import { checkAvatarUrl } from '../users/avatar-url';
import { checkNickname } from '../users/nickname';
import { decoyHash, hashPassword, verifyPassword } from './password';
import type { RateLimitStore } from './rate-limit-store';
import type { Session, SessionStore } from './session-store';

export const invalidCredentials = () =>
  new AppError(ErrorCode.InvalidCredentials, 'Wrong nickname or password');
/** INVALID_CREDENTIALS on `currentPassword`: a password change whose current password is wrong. */
export const wrongCurrentPassword = () =>
  new AppError(ErrorCode.InvalidCredentials, 'The current password is wrong', { field: 'currentPassword' });
export const rateLimited = (retryAfterMs: number, message = 'Too many failed sign-in attempts; try again later') =>
  new AppError(ErrorCode.RateLimited, message, { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
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
  /** New accounts one address may create per window. */
  register: { max: number; windowSeconds: number };
}

/** Sign-in attempts allowed from one address across nicknames, per window (× maxFailures). */
const ADDRESS_FACTOR = 4;
/**
 * Sign-in attempts allowed on one account from everywhere, per window (× maxFailures): loose, so that
 * someone guessing from one or a few addresses cannot lock the owner out (the owner's own address
 * has a budget of its own).
 */
const ACCOUNT_FACTOR = 10;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionStore,
    private readonly limits: RateLimitStore,
    private readonly pubsub: AppPubSub,
    private readonly options: AuthOptions,
  ) {}

  async register(em: EntityManager, input: Credentials & { avatarUrl?: string | null }, address: string): Promise<IssuedSession> {
    const nickname = checkNickname(input.nickname);
    const avatarUrl = checkAvatarUrl(input.avatarUrl);
    const { max, windowSeconds } = this.options.register;
    const hits = await this.limits.hit(`register:addr:${address}`, windowSeconds * 1000); // counted before the hash
    if (hits.count > max) throw rateLimited(hits.resetInMs, 'Too many new accounts from your address; try again later');
    const user = await this.users.create(em, { nickname, passwordHash: await hashPassword(input.password), avatarUrl });
    return this.issue(user);
  }

  /**
   * Signs in. Every attempt is counted before the password is hashed (see `countSignInAttempt`), so
   * a burst sent at once gets no more tries than one sent in turn.
   */
  async login(em: EntityManager, input: Credentials, address: string): Promise<IssuedSession> {
    const nickname = canonicalNickname(input.nickname);
    const ownBudget = await this.countSignInAttempt(nickname, address);
    const user = await this.users.findByNickname(em, nickname);
    const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
    if (!user || !ok) throw invalidCredentials();
    await this.limits.reset(ownBudget); // the owner's own budget comes back; the others run their window
    return this.issue(user);
  }

  /**
   * Changes the signed-in user's password: the current one is checked as a sign-in attempt (counted
   * in the same limits; INVALID_CREDENTIALS when wrong), then every other session of the user is
   * revoked. The session making the change stays. `newPassword` follows register's rule (auth.types).
   */
  async changePassword(em: EntityManager, session: Session, input: { currentPassword: string; newPassword: string }, address: string): Promise<void> {
    const user = await this.users.findById(em, session.userId);
    if (!user) throw invalidToken();
    const ownBudget = await this.countSignInAttempt(user.nickname, address);
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw wrongCurrentPassword();
    await this.limits.reset(ownBudget);
    await this.users.setPasswordHash(em, user, await hashPassword(input.newPassword));
    await this.revokeAllOfUser(user.id, session.tokenHash);
  }

  /** Revokes the session on every node; open realtime connections using it are closed. */
  async logout(tokenHash: string): Promise<void> {
    await this.sessions.remove(tokenHash);
    this.pubsub.publish(Topic.SessionRevoked, { tokenHash });
  }

  /**
   * Revokes every session of the signed-in user, this one included; answers how many. (This one is
   * revoked even if the store's index of the user's sessions missed it, e.g. a session kept in Redis
   * from before the index existed.)
   */
  async logoutEverywhere(session: Session): Promise<number> {
    const others = await this.revokeAllOfUser(session.userId, session.tokenHash);
    await this.logout(session.tokenHash);
    return others + 1;
  }

  /**
   * Revokes every session of the user (but `except`, a token hash) on every node, closing their
   * realtime connections; answers how many were revoked.
   */
  async revokeAllOfUser(userId: string, except?: string): Promise<number> {
    const revoked = await this.sessions.removeAllOfUser(userId, except);
    for (const tokenHash of revoked) this.pubsub.publish(Topic.SessionRevoked, { tokenHash });
    return revoked.length;
  }

  /** The session of a bearer token; throws UNAUTHENTICATED when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Session> {
    const session = token ? await this.sessions.find(hashToken(token)) : undefined;
    if (!session) throw invalidToken();
    return session;
  }

  /**
   * Counts one sign-in attempt on an account (a canonical nickname) from an address, before any
   * password is checked (one atomic increment per limit): per account and address (tight), per
   * address across accounts and per account from everywhere (loose). RATE_LIMITED past any of them.
   * Answers the key of the account-and-address budget, which a right password resets.
   */
  private async countSignInAttempt(nickname: string, address: string): Promise<string> {
    const account = nicknameKey(nickname);
    const { maxFailures, windowSeconds } = this.options.login;
    const limits = [
      { key: `login:pair:${account}:${address}`, max: maxFailures },
      { key: `login:addr:${address}`, max: maxFailures * ADDRESS_FACTOR },
      { key: `login:nick:${account}`, max: maxFailures * ACCOUNT_FACTOR },
    ];
    const hits = await Promise.all(limits.map(({ key }) => this.limits.hit(key, windowSeconds * 1000)));
    const over = hits.filter((h, i) => h.count > limits[i].max);
    if (over.length) throw rateLimited(Math.max(...over.map((h) => h.resetInMs)));
    return limits[0].key;
  }

  private async issue(user: User): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + this.options.sessionTtlSeconds * 1000;
    await this.sessions.save({ tokenHash: hashToken(token), userId: user.id, expiresAt });
    return { token, expiresAt: new Date(expiresAt), user };
  }
}
