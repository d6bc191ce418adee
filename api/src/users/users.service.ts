import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, ErrorCode } from '../shared/errors';
import { nicknameKey, User } from './user.entity';

export const nicknameTaken = (nickname: string) =>
  new AppError(ErrorCode.NicknameTaken, `The nickname "${nickname}" is already taken`, { nickname });

export interface NewUser {
  nickname: string;
  passwordHash: string;
  avatarUrl?: string | null;
}

export class UsersService {
  async create(em: EntityManager, input: NewUser): Promise<User> {
    const key = nicknameKey(input.nickname);
    if (await em.count(User, { nicknameKey: key })) throw nicknameTaken(input.nickname);
    const user = em.create(User, { ...input, nicknameKey: key, avatarUrl: input.avatarUrl ?? null });
    try {
      await em.persistAndFlush(user);
    } catch (error) {
      // Two registrations raced past the count: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw nicknameTaken(input.nickname);
      throw error;
    }
    return user;
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
