import { Authorized, Ctx, Field, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext } from '../graphql/context';
import { PresenceChangedPayload, Topic } from '../pubsub/topics';
import { User } from '../users/user.entity';
import { userOfProfile } from '../users/users.service';

@ObjectType({ description: 'A user came online or went offline.' })
export class PresenceChange {
  @Field(() => User)
  user!: User;

  @Field(() => Boolean)
  online!: boolean;

  @Field(() => Date)
  at!: Date;
}

@Resolver()
export class PresenceResolver {
  @Authorized()
  @Query(() => [User], { description: 'Users online now, by nickname.' })
  onlineUsers(@Ctx() ctx: AuthedContext): Promise<User[]> {
    return ctx.services.presence.onlineUsers(ctx.em);
  }

  @Authorized()
  @Subscription(() => PresenceChange, { topics: Topic.PresenceChanged, description: 'Users coming online and going offline.' })
  presenceChanged(@Root() payload: PresenceChangedPayload): PresenceChange {
    return { user: userOfProfile(payload.user), online: payload.online, at: new Date(payload.at) };
  }
}
