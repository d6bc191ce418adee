import { randomUUID } from 'node:crypto';
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('User', { description: 'A registered person.' })
@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'createdAt' | 'avatarUrl' | 'nicknameSkeleton' | 'nicknameFoldedSkeleton';

  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Field(() => String, { description: 'Display name, unique ignoring case.' })
  @Property({ type: 'string', length: 32 })
  nickname!: string;

  /** Normalized, lower-cased nickname: the unique key that makes "Ann" and "ann" the same name. */
  @Property({ type: 'string', length: 128, unique: true })
  nicknameKey!: string;

  /**
   * Look-alike keys (see users/nickname.ts `lookalikeKeys`): unique, so that of two nicknames that
   * look alike only one can be registered, even at the same instant. NULL only on accounts that
   * already looked like an older one when the keys came (migrations Migration20261201151818 / …151822).
   */
  @Property({ type: 'string', length: 255, nullable: true, unique: true })
  nicknameSkeleton?: string | null;

  @Property({ type: 'string', length: 255, nullable: true, unique: true })
  nicknameFoldedSkeleton?: string | null;

  @Property({ type: 'string', length: 255, hidden: true })
  passwordHash!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 2048, nullable: true })
  avatarUrl?: string | null;

  @Field(() => Date)
  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();
}

/** A nickname as typed, made canonical once (the same for lookups, sign-in limits and new accounts). */
export const canonicalNickname = (nickname: string) => nickname.normalize('NFKC').trim();

/** The key under which a nickname is unique: Unicode-normalized and case-folded. */
export const nicknameKey = (nickname: string) => nickname.normalize('NFKC').toLocaleLowerCase('en-US');
