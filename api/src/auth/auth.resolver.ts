import { Arg, Args, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { AuthedContext, Context } from '../graphql/context';
import { AuthPayload, ChangePasswordArgs, LoginInput, RegisterInput } from './auth.types';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in.' })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return ctx.services.auth.register(ctx.em, input, ctx.ip);
  }

  @Mutation(() => AuthPayload, { description: 'Signs in; repeated failures are rate-limited (RATE_LIMITED).' })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return ctx.services.auth.login(ctx.em, input, ctx.ip);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes the current session everywhere and closes its realtime connections.' })
  async logout(@Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.auth.logout(ctx.session.tokenHash);
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Changes your password (INVALID_CREDENTIALS when currentPassword is wrong; counted like sign-ins) '
      + 'and signs out every other session of yours; this one stays.',
  })
  async changePassword(@Args(() => ChangePasswordArgs) args: ChangePasswordArgs, @Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.auth.changePassword(ctx.em, ctx.session, args, ctx.ip);
    return true;
  }

  @Authorized()
  @Mutation(() => Int, {
    description: 'Revokes every session of yours, this one included, and closes their realtime connections; answers how many.',
  })
  logoutEverywhere(@Ctx() ctx: AuthedContext): Promise<number> {
    return ctx.services.auth.logoutEverywhere(ctx.session);
  }
}
