import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiKeysResolver } from '../apikeys/api-keys.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { CallResolver } from '../call/call.resolver';
import { LiveResolver } from '../live/live.resolver';
import { PresenceResolver } from '../presence/presence.resolver';
import { SignalingResolver } from '../rtc/signaling.resolver';
import type { AppPubSub } from '../pubsub/topics';
import { UsersResolver } from '../users/users.resolver';
import { LiveVideoResolver, VideoConnectionResolver, VideosResolver } from '../vod/videos.resolver';
import { authChecker } from './context';

export const resolvers = [AuthResolver, UsersResolver, PresenceResolver, SignalingResolver, LiveResolver, CallResolver, VideosResolver, VideoConnectionResolver, LiveVideoResolver, ApiKeysResolver] as const;

export function createSchema(pubSub: AppPubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    authChecker,
    validate: { forbidUnknownValues: false },
  });
}
