import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type Redis from 'ioredis';
import { RedisEventTarget } from '../infra/redis-event-target';
import type { AppPubSub, TopicPayloads } from './topics';

/**
 * In-process pub/sub (embedded mode, one api node). Every subscription is a listener of its topic:
 * their number is bounded by the realtime caps, not by Node's leak warning (10).
 */
export function createMemoryPubSub(): AppPubSub {
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub<TopicPayloads>({ eventTarget });
}

/** Pub/sub through Redis: every api node receives every event. */
export const createRedisPubSub = (publisher: Redis, subscriber: Redis, onError?: (error: Error) => void): AppPubSub =>
  createPubSub<TopicPayloads>({ eventTarget: new RedisEventTarget(publisher, subscriber, onError) });
