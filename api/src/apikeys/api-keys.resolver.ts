import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { AuthedContext } from '../graphql/context';
import type { ApiKey } from './api-key.entity';
import { ApiKeyCreated, ApiKeyView } from './api-keys.types';

const view = (key: ApiKey): ApiKeyView => ({ id: key.id, name: key.name, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt ?? null });

@Resolver()
export class ApiKeysResolver {
  @Authorized()
  @Query(() => [ApiKeyView], { description: 'Your API keys (not revoked), newest first.' })
  async apiKeys(@Ctx() ctx: AuthedContext): Promise<ApiKeyView[]> {
    return (await ctx.services.apiKeys.list(ctx.em, ctx.session.userId)).map(view);
  }

  @Authorized()
  @Mutation(() => ApiKeyCreated, { description: 'Creates an API key that reads the video catalog; the key is shown only now.' })
  async createApiKey(@Arg('name', () => String) name: string, @Ctx() ctx: AuthedContext): Promise<ApiKeyCreated> {
    const { key, apiKey } = await ctx.services.apiKeys.create(ctx.em, ctx.session.userId, name);
    return { key, apiKey: view(apiKey) };
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Revokes one of your API keys at once.' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<boolean> {
    await ctx.services.apiKeys.revoke(ctx.em, ctx.session.userId, id);
    return true;
  }
}
