import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, ErrorCode, notFound } from '../shared/errors';
import { checkAvatarUrl } from './avatar-url';
import { lookalikeKeys } from './nickname';
import { nicknameKey, User } from './user.entity';

export const nicknameTaken = (nickname: string) =>
  new AppError(ErrorCode.NicknameTaken, `The nickname "${nickname}" is already taken`, { nickname });
/** NICKNAME_TAKEN too: a nickname that looks like a taken one would pass for its owner. */
export const nicknameLookalike = (nickname: string) =>
  new AppError(ErrorCode.NicknameTaken, `The nickname "${nickname}" looks like one already taken`, { nickname });

/** What a user may change of their profile; a field left undefined stays as it is. */
export interface ProfileChanges {
  avatarUrl?: string | null;
}

export interface NewUser {
  nickname: string;
  passwordHash: string;
  avatarUrl?: string | null;
}

/** What others see of a user, as events carry it (JSON). */
export interface PublicProfile {
  id: string;
  nickname: string;
  avatarUrl: string | null;
  /** ISO timestamp. */
  createdAt: string;
}

/** A profile as events carry it, in the shape GraphQL reads a User from (only its GraphQL fields are read). */
export const userOfProfile = (profile: PublicProfile): User => ({ ...profile, createdAt: new Date(profile.createdAt) }) as unknown as User;

/** Profiles kept in memory for hot paths (chat): how many, and for how long. */
const PROFILE_CACHE_SIZE = 10_000;
const PROFILE_TTL_MS = 60_000;

export class UsersService {
  private readonly profiles = new Map<string, { profile: PublicProfile; until: number }>();

  /**
   * A user's public profile, read from the database at most once a minute per user (a chat
   * message would otherwise cost a query before it can be published). `updateProfile` drops the
   * entry of this node; other api nodes keep theirs until it runs out (a minute at most).
   */
  async profile(em: EntityManager, id: string): Promise<PublicProfile | null> {
    const cached = this.profiles.get(id);
    if (cached && cached.until > Date.now()) return cached.profile;
    const user = await em.findOne(User, { id });
    if (!user) {
      this.profiles.delete(id);
      return null;
    }
    const profile = { id: user.id, nickname: user.nickname, avatarUrl: user.avatarUrl ?? null, createdAt: user.createdAt.toISOString() };
    this.profiles.delete(id);
    if (this.profiles.size >= PROFILE_CACHE_SIZE) this.profiles.delete(this.profiles.keys().next().value!);
    this.profiles.set(id, { profile, until: Date.now() + PROFILE_TTL_MS });
    return profile;
  }

  /**
   * A new account, unless its nickname is taken ignoring case (`nicknameKey`) or looks like a taken
   * one (`lookalikeKeys`): NICKNAME_TAKEN. `input.nickname` is canonical (users/nickname.ts).
   */
  async create(em: EntityManager, input: NewUser): Promise<User> {
    const key = nicknameKey(input.nickname);
    const { skeleton, foldedSkeleton } = lookalikeKeys(input.nickname);
    const clash = await em.findOne(
      User,
      { $or: [{ nicknameKey: key }, { nicknameSkeleton: skeleton }, { nicknameFoldedSkeleton: foldedSkeleton }] },
      { fields: ['nicknameKey'], disableIdentityMap: true },
    );
    if (clash) throw clash.nicknameKey === key ? nicknameTaken(input.nickname) : nicknameLookalike(input.nickname);
    const user = em.create(User, {
      ...input, nicknameKey: key, nicknameSkeleton: skeleton, nicknameFoldedSkeleton: foldedSkeleton,
      avatarUrl: input.avatarUrl ?? null,
    });
    try {
      await em.persistAndFlush(user);
    } catch (error) {
      // Two registrations raced past the check: the unique indexes decide.
      if (error instanceof UniqueConstraintViolationException) throw nicknameTaken(input.nickname);
      throw error;
    }
    return user;
  }

  /**
   * Applies a user's own changes to their profile (the avatar URL is checked: BAD_USER_INPUT on
   * `avatarUrl`) and drops their cached public profile.
   */
  async updateProfile(em: EntityManager, id: string, changes: ProfileChanges): Promise<User> {
    const avatarUrl = changes.avatarUrl === undefined ? undefined : checkAvatarUrl(changes.avatarUrl);
    const user = await em.findOne(User, { id });
    if (!user) throw notFound('This account no longer exists');
    if (avatarUrl !== undefined) user.avatarUrl = avatarUrl;
    await em.flush();
    this.profiles.delete(id);
    return user;
  }

  /** Stores a new password hash (auth/password.ts) on an account loaded by `em`. */
  async setPasswordHash(em: EntityManager, user: User, passwordHash: string): Promise<void> {
    user.passwordHash = passwordHash;
    await em.flush();
  }

  findByNickname(em: EntityManager, nickname: string): Promise<User | null> {
    return em.findOne(User, { nicknameKey: nicknameKey(nickname) });
  }

  findById(em: EntityManager, id: string): Promise<User | null> {
    return em.findOne(User, { id });
  }

  findByIds(em: EntityManager, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.find(User, { id: { $in: ids } }, { orderBy: { nicknameKey: 'asc' } });
  }
}
