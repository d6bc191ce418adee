import { IsOptional, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { ArgsType, Field, InputType, ObjectType } from 'type-graphql';
import { User } from '../users/user.entity';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';

/** Letters of any script, digits, spaces inside, and a few marks; no control characters. */
const NICKNAME = /^[\p{L}\p{N}_.\-]([\p{L}\p{N}_.\- ]*[\p{L}\p{N}_.\-])?$/u;

@InputType()
export class RegisterInput {
  @Field(() => String, { description: '2–32 characters: letters, digits, spaces inside, _ . -' })
  @Length(2, 32)
  @Matches(NICKNAME, { message: 'nickname may contain letters, digits, inner spaces, "_", "." and "-"' })
  nickname!: string;

  @Field(() => String, { description: 'At least 8 characters.' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password!: string;

  @Field(() => String, { nullable: true, description: 'An http(s) URL of a picture.' })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  avatarUrl?: string | null;
}

@InputType()
export class LoginInput {
  @Field(() => String)
  @Length(1, 64)
  nickname!: string;

  @Field(() => String)
  @Length(1, 256)
  password!: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field(() => String, { description: 'The password the account has now.' })
  @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @Field(() => String, { description: 'At least 8 characters, as for register.' })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

@ObjectType({ description: 'A new session: send the token as "Authorization: Bearer" or as connectionParams.authToken.' })
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}
