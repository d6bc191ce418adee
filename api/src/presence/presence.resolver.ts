import { Authorized, Ctx, Field, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { PresenceChangedPayload, Topic } from '../pubsub/topics';
import { User } from '../users/user.entity';

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
  async presenceChanged(@Root() payload: PresenceChangedPayload, @Ctx() ctx: Context): Promise<PresenceChange> {
    // A fresh entity manager per event, so nothing stale is served from an identity map.
    const user = await ctx.services.users.findById(ctx.em.fork(), payload.userId);
    if (!user) throw new Error(`presence event for unknown user ${payload.userId}`);
    return { user, online: payload.online, at: new Date(payload.at) };
  }
}
