import { randomBytes } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { hashToken } from '../auth/auth.service';
import type { RateLimitStore } from '../auth/rate-limit-store';
import { AppError, badInput, ErrorCode, notFound, unauthenticated } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { User } from '../users/user.entity';
import { ApiKey } from './api-key.entity';

/** Every API key starts with this, so the api tells keys from session tokens at a glance. */
export const API_KEY_PREFIX = 'onair_';
const NAME_MAX = 60;
const KEYS_PER_USER = 20;
/** lastUsedAt is written at most this often per key. */
const LAST_USED_EVERY_MS = 60_000;

/** Who is calling with a key. */
export interface ApiKeyCaller {
  keyId: string;
  ownerId: string;
}

export interface ApiKeyLimits {
  /** Requests one key may make per window. */
  requests: number;
  windowSeconds: number;
}

export const invalidApiKey = () => unauthenticated('This API key is unknown or was revoked');

/** API keys: created and revoked by their owner, checked on every request that carries one, rate-limited per key. */
export class ApiKeysService {
  private readonly lastWrites = new Map<string, number>();

  constructor(
    private readonly orm: MikroORM,
    private readonly limits: RateLimitStore,
    private readonly options: ApiKeyLimits,
    private readonly logger: Logger,
  ) {}

  async create(em: EntityManager, ownerId: string, name: string): Promise<{ key: string; apiKey: ApiKey }> {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > NAME_MAX) throw badInput(`A key name has 1 to ${NAME_MAX} characters`, { field: 'name' });
    if ((await em.count(ApiKey, { owner: ownerId, revokedAt: null })) >= KEYS_PER_USER) {
      throw badInput(`You have ${KEYS_PER_USER} keys already; revoke one first`, { field: 'name' });
    }
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const apiKey = em.create(ApiKey, { owner: em.getReference(User, ownerId), name: trimmed, keyHash: hashToken(key) });
    await em.persistAndFlush(apiKey);
    return { key, apiKey };
  }

  list(em: EntityManager, ownerId: string): Promise<ApiKey[]> {
    return em.find(ApiKey, { owner: ownerId, revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Revokes at once: the next request with it is refused. */
  async revoke(em: EntityManager, ownerId: string, id: string): Promise<void> {
    const revoked = await em.nativeUpdate(ApiKey, { id, owner: ownerId, revokedAt: null }, { revokedAt: new Date() });
    if (!revoked) throw notFound('You have no API key with this id');
  }

  /** The caller of a key; UNAUTHENTICATED when unknown or revoked, RATE_LIMITED past its budget. */
  async authenticate(key: string): Promise<ApiKeyCaller> {
    const row = await this.orm.em.fork().findOne(ApiKey, { keyHash: hashToken(key), revokedAt: null }, { fields: ['id', 'owner'] });
    if (!row) throw invalidApiKey();
    const hits = await this.limits.hit(`apikey:${row.id}`, this.options.windowSeconds * 1000);
    if (hits.count > this.options.requests) {
      throw new AppError(ErrorCode.RateLimited, `This API key made more than ${this.options.requests} requests in ${this.options.windowSeconds} s`,
        { retryAfterSeconds: Math.max(1, Math.ceil(hits.resetInMs / 1000)) });
    }
    this.touch(row.id);
    return { keyId: row.id, ownerId: row.owner.id };
  }

  /** Records the use, at most once a minute per key, off the request's path. */
  private touch(id: string) {
    const now = Date.now();
    if (now - (this.lastWrites.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastWrites.set(id, now);
    if (this.lastWrites.size > 10_000) this.lastWrites.delete(this.lastWrites.keys().next().value!);
    this.orm.em.fork().nativeUpdate(ApiKey, { id }, { lastUsedAt: new Date(now) })
      .catch((error) => this.logger.warn('could not record an API key use', { id, error }));
  }
}
