import { createPubSub } from '@graphql-yoga/subscription';
import type Redis from 'ioredis';
import { RedisEventTarget } from '../infra/redis-event-target';
import type { AppPubSub, TopicPayloads } from './topics';

/** In-process pub/sub (embedded mode, one api node). */
export const createMemoryPubSub = (): AppPubSub => createPubSub<TopicPayloads>();

/** Pub/sub through Redis: every api node receives every event. */
export const createRedisPubSub = (publisher: Redis, subscriber: Redis, onError?: (error: Error) => void): AppPubSub =>
  createPubSub<TopicPayloads>({ eventTarget: new RedisEventTarget(publisher, subscriber, onError) });
