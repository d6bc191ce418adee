import { mkdirSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/core';
import type Redis from 'ioredis';
import { ApiKeysService } from '../apikeys/api-keys.service';
import { CallMedia } from '../call/call-media';
import { MemoryCallStore, RedisCallStore } from '../call/call-store';
import { CallService } from '../call/call.service';
import { AuthService } from '../auth/auth.service';
import { MemoryRateLimitStore, RedisRateLimitStore } from '../auth/rate-limit-store';
import { MemorySessionStore, RedisSessionStore } from '../auth/session-store';
import type { Config } from '../config/config';
import { openDatabase } from '../db/orm';
import { connectRedis } from '../infra/redis';
import type { MediaHealth } from '../media/media-gateway';
import { Media, startMedia } from '../media/media';
import { locateAddress } from '../geo/locate';
import { LiveService } from '../live/live.service';
import { LiveViews } from '../live/live.views';
import { MediaSessions } from '../rtc/media-sessions';
import { MemoryNodeRegistry, NodeRegistry, RedisNodeRegistry } from '../infra/node-registry';
import { finalizeWebm } from '../recording/finalize-webm';
import { Recordings } from '../recording/recordings.service';
import { Recovery } from '../recording/recovery';
import { PlaybackUrls, playbackSecret } from '../vod/playback';
import { VideosService } from '../vod/videos.service';
import { MemoryPresenceStore, RedisPresenceStore } from '../presence/presence-store';
import { PresenceService } from '../presence/presence.service';
import { createMemoryPubSub, createRedisPubSub } from '../pubsub/pubsub';
import type { AppPubSub } from '../pubsub/topics';
import type { Logger } from '../shared/logger';
import { UsersService } from '../users/users.service';

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: string; ok: boolean; error?: string };
  pubsub: { kind: 'in-process' | 'redis'; ok: boolean; error?: string };
  mediaServer: MediaHealth;
}

/** The domain services and the infrastructure they stand on, built once per api process. */
export interface Services {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  pubsub: AppPubSub;
  media: Media;
  /** Signaling state of every media session on this node (lives and calls). */
  mediaSessions: MediaSessions;
  users: UsersService;
  auth: AuthService;
  presence: PresenceService;
  live: LiveService;
  liveViews: LiveViews;
  calls: CallService;
  videos: VideosService;
  recordings: Recordings;
  recovery: Recovery;
  playback: PlaybackUrls;
  apiKeys: ApiKeysService;
  health(): Promise<Health>;
  close(): Promise<void>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 2000))]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

/** How often lives of api nodes that are gone are looked for while running (several nodes share a database). */
const RECOVERY_SWEEP_MS = 60_000;

export async function createServices(config: Config, logger: Logger): Promise<Services> {
  mkdirSync(config.recordingsDir, { recursive: true });
  const redis: Redis[] = [];
  const orm = await openDatabase(config.database);
  let media: Media | undefined;
  let nodes: NodeRegistry | undefined;
  let sweep: NodeJS.Timeout | undefined;
  try {
    media = await startMedia(config, logger);
    let stores;
    let pubsub: AppPubSub;
    if (config.redisUrl) {
      const [main, publisher, subscriber] = await Promise.all(
        ['main', 'pub', 'sub'].map((name) => connectRedis(config.redisUrl!, name)));
      redis.push(main, publisher, subscriber);
      stores = {
        sessions: new RedisSessionStore(main),
        limits: new RedisRateLimitStore(main),
        presence: new RedisPresenceStore(main),
        nodes: new RedisNodeRegistry(main, config.nodeId),
        calls: new RedisCallStore(main),
      };
      pubsub = createRedisPubSub(publisher, subscriber, (error) => logger.warn('redis pub/sub command failed', { error: error.message }));
    } else {
      stores = {
        sessions: new MemorySessionStore(), limits: new MemoryRateLimitStore(), presence: new MemoryPresenceStore(),
        nodes: new MemoryNodeRegistry(config.nodeId),
        calls: new MemoryCallStore(),
      };
      pubsub = createMemoryPubSub();
    }
    const users = new UsersService();
    const auth = new AuthService(users, stores.sessions, stores.limits, pubsub, config);
    const presence = new PresenceService(stores.presence, users, pubsub, orm);
    const videos = new VideosService(config.recordingsDir);
    const recordings = new Recordings({ videos, logger, recordingsDir: config.recordingsDir, finalize: finalizeWebm });
    const playback = new PlaybackUrls(playbackSecret(config.playback.secret, config.dataDir), config.playback.urlTtlSeconds);
    const mediaSessions = new MediaSessions(logger, { maxPerUser: config.mediaSessionsPerUser });
    const live = new LiveService({
      orm, gateway: media.gateway, sessions: mediaSessions, pubsub, recordings, users, limits: stores.limits, rates: config.liveRates, reconnectGraceMs: config.liveReconnectGraceMs, logger, locate: locateAddress,
      // The embedded server's recorder keeps key frames coming by itself; a Kurento Media Server is asked on a timer.
      nodeId: config.nodeId, keyframeIntervalMs: media.embedded ? 0 : config.recording.keyframeIntervalMs,
    });
    const liveViews = new LiveViews(live, orm);
    const callMedia = new CallMedia({
      orm, gateway: media.gateway, sessions: mediaSessions, recordings, logger, locate: locateAddress,
      keyframeIntervalMs: media.embedded ? 0 : config.recording.keyframeIntervalMs, setupTimeoutMs: config.calls.mediaSetupTimeoutMs,
    });
    const calls = new CallService({
      orm, store: stores.calls, media: callMedia, pubsub, users, presence, logger, limits: stores.limits, dials: config.calls.dials, nodeId: config.nodeId, ringTimeoutMs: config.calls.ringTimeoutMs,
    });
    const apiKeys = new ApiKeysService(orm, stores.limits, config.apiKeys, logger);

    nodes = stores.nodes;
    await nodes.start();
    const recovery = new Recovery(orm, recordings, (id) => nodes!.isAlive(id), logger);
    const isAlive = (id: string | null | undefined) => nodes!.isAlive(id);
    await recovery.run();
    const callsEnded = await calls.recoverInterrupted(isAlive);
    if (callsEnded) logger.info(`recovery: ended ${callsEnded} interrupted calls`);
    if (config.redisUrl) {
      sweep = setInterval(() => void Promise.all([recovery.run({ files: false }), calls.recoverInterrupted(isAlive)])
        .catch((error) => logger.warn('recovery sweep failed', { error })), RECOVERY_SWEEP_MS);
      sweep.unref();
    }

    return {
      config, logger, orm, pubsub, media, mediaSessions, users, auth, presence, live, liveViews, calls, videos, recordings, recovery, playback, apiKeys,
      async health() {
        const database = { kind: config.database.kind, ...(await probe(() => orm.em.getConnection().execute('select 1'))) };
        const bus = config.redisUrl
          ? { kind: 'redis' as const, ...(await probe(() => redis[0].ping())) }
          : { kind: 'in-process' as const, ok: true };
        const mediaServer = await media!.gateway.health();
        if (media!.embedded) mediaServer.objects = media!.embedded.objectCount();
        const ok = database.ok && bus.ok && mediaServer.ok;
        return { status: ok ? 'ok' : 'degraded', database, pubsub: bus, mediaServer };
      },
      async close() {
        clearInterval(sweep);
        await Promise.all([live.endAll('server-shutdown'), calls.endAll('server-shutdown')]);
        await nodes!.stop();
        await media!.close();
        await Promise.allSettled(redis.map((client) => client.quit()));
        await orm.close(true);
      },
    };
  } catch (error) {
    clearInterval(sweep);
    await nodes?.stop();
    await media?.close();
    redis.forEach((client) => client.disconnect());
    await orm.close(true);
    throw error;
  }
}
