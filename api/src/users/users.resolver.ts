import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { invalidToken } from '../auth/auth.service';
import type { AuthedContext, Context } from '../graphql/context';
import { User } from './user.entity';
import { UpdateProfileInput } from './users.types';

@Resolver(() => User)
export class UsersResolver {
  @Authorized()
  @Query(() => User, { description: 'The signed-in user.' })
  async me(@Ctx() ctx: AuthedContext): Promise<User> {
    const user = await ctx.services.users.findById(ctx.em, ctx.session.userId);
    if (!user) throw invalidToken();
    return user;
  }

  @Authorized()
  @Mutation(() => User, { description: 'Changes your profile (the avatar); answers it as others now see it.' })
  updateProfile(@Arg('input', () => UpdateProfileInput) input: UpdateProfileInput, @Ctx() ctx: AuthedContext): Promise<User> {
    return ctx.services.users.updateProfile(ctx.em, ctx.session.userId, input);
  }

  @FieldResolver(() => Boolean, { description: 'True while the user has the app open (a realtime connection).' })
  online(@Root() user: User, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.presence.isOnline(user.id);
  }
}
