import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { RateLimitStore } from '../auth/rate-limit-store';
import type { MediaGateway } from '../media/media-gateway';
import { AppPubSub, ChatMessageSnapshot, LiveEventPayload, LiveEventType, LivesChangedPayload, Topic } from '../pubsub/topics';
import { checkPosterImage } from '../recording/posters';
import type { RecordingGap, Recordings } from '../recording/recordings.service';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../shared/errors';
import { KeyedQueue } from '../shared/keyed-queue';
import type { Logger } from '../shared/logger';
import { checkText } from '../shared/text';
import { throttle } from '../shared/throttle';
import { User } from '../users/user.entity';
import type { PublicProfile, UsersService } from '../users/users.service';
import { MediaRoom } from '../rtc/media-room';
import type { MediaSessions } from '../rtc/media-sessions';
import { checkMediaSessionId, checkOffer } from '../rtc/sdp';
import { ChatMessage, Live } from './live.entity';

export const liveEnded = () => new AppError(ErrorCode.LiveEnded, 'This live has ended');
export const liveNotFound = () => notFound('No live with this id');

/** A live on this api node. A live owns one media room: the presenter publishes in it, viewers view. */
export interface ActiveLive {
  id: string;
  presenterId: string;
  presenter: PublicProfile;
  title: string;
  startedAt: Date;
  location: string;
  room: MediaRoom;
  presenterSessionId: string;
  /** Its still image (file in the recordings folder), once the presenter's app sent one. */
  poster?: string;
  ended: boolean;
  /** The presenter's media went away: since when, and the end of the grace period to resume it. */
  away?: { since: Date; timer: NodeJS.Timeout };
  /** Where the recording skips time the presenter was away. */
  gaps: RecordingGap[];
}

/** The stream a live's presenter publishes in its room. */
const PRESENTER = 'presenter';

export interface LiveDependencies {
  orm: MikroORM;
  gateway: MediaGateway;
  /** Media sessions of this node (shared with calls). */
  sessions: MediaSessions;
  pubsub: AppPubSub;
  recordings: Recordings;
  users: UsersService;
  limits: RateLimitStore;
  /** goLive (and resume) and watch calls allowed per user per minute. */
  rates: { goLive: number; watch: number };
  /** How long a live waits for its presenter to resume after their media went away; 0 = it ends at once. */
  reconnectGraceMs: number;
  logger: Logger;
  /** This api node (kept on the rows of its running lives, for crash recovery). */
  nodeId: string;
  /** The longest a recording may go without a key frame (the presenter is asked a bit more often); 0 = never asked. */
  keyframeIntervalMs: number;
  /** A location text for the presenter's address, told offline. */
  locate(address: string): Promise<string>;
}

export interface MediaSessionResult {
  live: ActiveLive;
  mediaSessionId: string;
  answer: string;
}

const CHAT_MAX = 500;
const CHAT_BURST = { count: 5, windowMs: 10_000 };
const MINUTE_MS = 60_000;
/** A still every few seconds is plenty for a thumbnail (each one is a file write and a lives-list event). */
const POSTERS_PER_MINUTE = 12;

/**
 * Lives: going live (presenter endpoint looped back to itself and recorded), watching (a viewer
 * endpoint fed by the presenter's), ICE both ways, viewers, chat and the end of a live. Every
 * operation on one live runs in that live's queue, so joins, leaves and stops never interleave.
 */
export class LiveService {
  private readonly active = new Map<string, ActiveLive>();
  private readonly queue = new KeyedQueue();
  /** Set by endAll (shutdown): no new live starts. */
  private closing = false;

  constructor(private readonly deps: LiveDependencies) {
    deps.gateway.onMediaLost(() => {
      for (const id of [...this.active.keys()]) void this.end(id, 'media-server-lost', { mediaGone: true });
    });
  }

  activeLive(id: string): ActiveLive | undefined {
    return this.active.get(id);
  }

  activeLives(): ActiveLive[] {
    return [...this.active.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  viewerCount(live: ActiveLive): number {
    return new Set(live.room.viewers().map((v) => v.userId)).size;
  }

  /** Who watches now: each user once, with their first join. */
  audience(live: ActiveLive): { userId: string; joinedAt: Date }[] {
    const firstJoin = new Map<string, Date>();
    for (const { userId, joinedAt } of live.room.viewers()) {
      const known = firstJoin.get(userId);
      if (!known || joinedAt < known) firstJoin.set(userId, joinedAt);
    }
    return [...firstJoin].map(([userId, joinedAt]) => ({ userId, joinedAt }));
  }

  async goLive(em: EntityManager, userId: string, address: string,
    input: { title: string; offer: string; mediaSessionId: string }): Promise<MediaSessionResult> {
    const title = checkText(input.title, 'title', 'The title', { max: 120 });
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    await throttle(this.deps.limits, `go-live:${userId}`, this.deps.rates.goLive, MINUTE_MS, 'You are starting lives too often');
    return this.queue.run(`presenter:${userId}`, async () => {
      if (this.closing) throw new AppError(ErrorCode.MediaUnavailable, 'The server is shutting down; go live again in a moment');
      if ([...this.active.values()].some((live) => live.presenterId === userId)) {
        throw new AppError(ErrorCode.AlreadyLive, 'You are already live; stop that live first');
      }
      const liveId = randomUUID();
      const opening = this.openRoom(liveId);
      let room: MediaRoom | undefined;
      let location: string;
      let presenter: PublicProfile | null;
      try {
        [location, presenter, room] = await Promise.all([this.deps.locate(address), this.deps.users.profile(em, userId), opening]);
        if (!presenter) throw notFound('Your account is gone');
        const { answer } = await room.publish({
          userId, mediaSessionId, offer, stream: PRESENTER, recordTo: this.deps.recordings.uriOf(liveId),
        });
        const row = em.create(Live, { id: liveId, presenter: em.getReference(User, userId), title, location, nodeId: this.deps.nodeId });
        await em.persistAndFlush(row);
        const live: ActiveLive = {
          id: liveId, presenterId: userId, presenter, title, startedAt: row.startedAt, location, room, presenterSessionId: mediaSessionId,
          ended: false, gaps: [],
        };
        this.active.set(liveId, live);
        this.deps.logger.info('live started', { liveId, presenterId: userId, location });
        this.livesChanged('STARTED', live);
        // The presenter's connection may have gone while this was set up.
        if (this.deps.sessions.isEnded(mediaSessionId)) void this.end(liveId, 'presenter-disconnected');
        return { live, mediaSessionId, answer };
      } catch (error) {
        this.deps.sessions.end(mediaSessionId, 'failed');
        await (room ?? await opening.catch(() => undefined))?.close('failed'); // opened even when the location failed
        await this.deps.recordings.discard(liveId);
        throw error;
      }
    });
  }

  async watch(em: EntityManager, userId: string, input: { liveId: string; offer: string; mediaSessionId: string }): Promise<MediaSessionResult> {
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    await throttle(this.deps.limits, `watch:${userId}`, this.deps.rates.watch, MINUTE_MS, 'You are opening lives too often');
    await this.requireActive(em, input.liveId);
    return this.queue.run(input.liveId, async () => {
      const live = this.active.get(input.liveId);
      if (!live || live.ended) throw liveEnded();
      if (live.presenterId === userId) throw forbidden('You are presenting this live; your own stream is already looped back to you');
      const firstOfUser = !live.room.viewers().some((v) => v.userId === userId);
      const { answer } = await live.room.view({ userId, mediaSessionId, offer, stream: PRESENTER });
      if (firstOfUser) this.audienceChanged(live, 'VIEWER_JOINED', userId);
      return { live, mediaSessionId, answer };
    });
  }

  /**
   * The presenter publishes again into their running live (after a reload or a network drop, or
   * from another tab, which takes over): viewers get the picture back on their own connections and
   * the recording goes on in the same file, the time away noted as a gap.
   */
  async resume(em: EntityManager, userId: string, input: { liveId: string; offer: string; mediaSessionId: string }): Promise<MediaSessionResult> {
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    await throttle(this.deps.limits, `go-live:${userId}`, this.deps.rates.goLive, MINUTE_MS, 'You are starting lives too often');
    const live = await this.requireActive(em, input.liveId);
    if (live.presenterId !== userId) throw forbidden('Only the presenter resumes this live');
    return this.queue.run(live.id, async () => {
      if (live.ended) throw liveEnded();
      if (!live.away) await this.awayFrom(live, 'replaced'); // still publishing: this publish takes over
      const { answer } = await live.room.publish({ userId, mediaSessionId, offer, stream: PRESENTER });
      const away = live.away!;
      clearTimeout(away.timer);
      live.away = undefined;
      live.presenterSessionId = mediaSessionId;
      const now = Date.now();
      const awayMs = live.gaps.reduce((sum, gap) => sum + gap.seconds * 1000, 0);
      live.gaps.push({ at: (away.since.getTime() - live.startedAt.getTime() - awayMs) / 1000, seconds: (now - away.since.getTime()) / 1000 });
      this.deps.logger.info('presenter resumed', { liveId: live.id, awaySeconds: Math.round((now - away.since.getTime()) / 1000) });
      this.publishLiveEvent(live, 'PRESENTER_BACK');
      this.livesChanged('UPDATED', live);
      if (this.deps.sessions.isEnded(mediaSessionId)) void this.presenterLost(live.id, mediaSessionId);
      return { live, mediaSessionId, answer };
    });
  }

  /** The presenter stops the live. LIVE_ENDED when it already ended. */
  async stop(em: EntityManager, userId: string, liveId: string): Promise<Live> {
    const row = await em.findOne(Live, { id: liveId });
    if (!row) throw liveNotFound();
    if (row.presenter.id !== userId) throw forbidden('Only the presenter can stop this live');
    const live = this.active.get(liveId);
    if (!live || live.ended || row.endedAt) throw liveEnded();
    await this.end(liveId, 'stopped');
    await em.refresh(row);
    return row;
  }

  /**
   * The presenter's still of their live (a frame of the looped-back stream): the live's thumbnail
   * while it runs and its video's poster after. Replaces the previous one.
   */
  async setPoster(em: EntityManager, userId: string, liveId: string, dataUrl: string): Promise<ActiveLive> {
    const image = checkPosterImage(dataUrl);
    const live = await this.requireActive(em, liveId);
    if (live.presenterId !== userId) throw forbidden('Only the presenter sets the poster of this live');
    await throttle(this.deps.limits, `poster:${liveId}`, POSTERS_PER_MINUTE, MINUTE_MS, 'The poster of this live changes too often');
    return this.queue.run(liveId, async () => {
      if (live.ended) throw liveEnded();
      live.poster = await this.deps.recordings.savePoster(liveId, image, live.poster);
      await em.nativeUpdate(Live, { id: liveId }, { poster: live.poster });
      this.livesChanged('UPDATED', live);
      return live;
    });
  }

  /** A viewer leaves (their media session ends). */
  async leave(userId: string, mediaSessionId: string): Promise<void> {
    const id = checkMediaSessionId(mediaSessionId);
    if (!this.deps.sessions.isOwnedBy(id, userId)) throw forbidden('This media session is not yours');
    const live = [...this.active.values()].find((l) => l.room.participant(id)?.role === 'viewer');
    if (!live) throw badInput('This media session is not watching a live', { field: 'mediaSessionId' });
    await this.queue.run(live.id, () => this.removeViewer(live, id, 'left'));
  }

  /**
   * Publishes the message whole (subscribers render it from the event, reading nothing back), then
   * keeps it with the live (one INSERT, no unit of work) before answering. The write is off the
   * delivery path; when it fails, the message is withdrawn from everyone and the sender is told.
   */
  async sendChat(em: EntityManager, userId: string, liveId: string, text: string): Promise<ChatMessageSnapshot> {
    const body = checkText(text, 'text', 'A chat message', { max: CHAT_MAX, multiline: true });
    const live = await this.requireActive(em, liveId);
    await throttle(this.deps.limits, `chat:${liveId}:${userId}`, CHAT_BURST.count, CHAT_BURST.windowMs, 'You are sending messages too fast');
    const author = await this.deps.users.profile(em, userId);
    if (!author) throw forbidden('Your account no longer exists');
    const message = { id: randomUUID(), live: liveId, author: userId, text: body, sentAt: new Date() };
    const snapshot: ChatMessageSnapshot = { id: message.id, liveId, text: body, sentAt: message.sentAt.toISOString(), author };
    this.publishLiveEvent(live, 'CHAT_MESSAGE', { message: snapshot });
    // Let in-process delivery go out first: SQLite writes block the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await em.insert(ChatMessage, message);
    } catch (error) {
      this.deps.logger.error('chat message not kept: withdrawn', { liveId, messageId: message.id, error });
      this.publishLiveEvent(live, 'CHAT_MESSAGE_WITHDRAWN', { message: snapshot });
      throw new AppError(ErrorCode.Internal, 'Your message could not be kept and was withdrawn; send it again');
    }
    return snapshot;
  }

  /** Ends every live and refuses new ones (graceful shutdown); how many ended and were filed as videos. */
  async endAll(reason: string): Promise<{ lives: number; videos: number }> {
    this.closing = true;
    const results = await Promise.allSettled([...this.active.keys()].map((id) => this.end(id, reason)));
    return { lives: results.length, videos: results.filter((r) => r.status === 'fulfilled' && r.value).length };
  }

  /**
   * Ends a live once: tells viewers and the lives list at once, then stops the recorder, releases
   * the pipeline (and with it every endpoint), closes the row and files the recording as a video.
   * True when a video was filed.
   */
  end(liveId: string, reason: string, { mediaGone = false } = {}): Promise<boolean> {
    return this.queue.run(liveId, async () => {
      const live = this.active.get(liveId);
      if (!live || live.ended) return false;
      live.ended = true;
      clearTimeout(live.away?.timer);
      this.active.delete(liveId);
      const endedAt = new Date();
      this.publishLiveEvent(live, 'LIVE_ENDED', { reason });
      this.livesChanged('ENDED', live, endedAt);
      await live.room.close('live-ended', { mediaGone }); // the recording is complete once this resolves
      const em = this.deps.orm.em.fork();
      await em.nativeUpdate(Live, { id: liveId }, { endedAt, endReason: reason });
      const video = await this.deps.recordings.file(em, {
        recordingId: liveId, liveId, presenterId: live.presenterId, title: live.title, startedAt: live.startedAt, endedAt, location: live.location,
        poster: live.poster, gaps: live.gaps,
      }).catch((error) => {
        this.deps.logger.error('recording not filed; it stays on disk for the next start to file', { liveId, error });
        return null;
      });
      this.deps.logger.info('live ended', { liveId, reason, durationSeconds: Math.round((endedAt.getTime() - live.startedAt.getTime()) / 1000) });
      return video !== null;
    });
  }

  /**
   * The presenter's media session went away (tab closed or reloaded, connection lost): the live
   * waits for them to resume (viewers are told) and ends when the grace period runs out.
   */
  private presenterLost(liveId: string, mediaSessionId: string): Promise<void> {
    return this.queue.run(liveId, async () => {
      const live = this.active.get(liveId);
      if (!live || live.ended || live.away || live.presenterSessionId !== mediaSessionId) return; // gone already, or replaced
      if (!this.deps.reconnectGraceMs) {
        void this.end(liveId, 'presenter-disconnected'); // queued after this
        return;
      }
      await this.awayFrom(live, 'presenter-disconnected');
    });
  }

  /** Takes the presenter's publisher out (its recording held) and starts the grace period. In the live's queue. */
  private async awayFrom(live: ActiveLive, reason: string) {
    await live.room.suspend(live.presenterSessionId, reason);
    live.away = {
      since: new Date(),
      timer: setTimeout(() => void this.end(live.id, 'presenter-disconnected'), this.deps.reconnectGraceMs),
    };
    this.deps.logger.info('presenter away; the live waits for them', { liveId: live.id, graceSeconds: this.deps.reconnectGraceMs / 1000 });
    this.publishLiveEvent(live, 'PRESENTER_AWAY');
    this.livesChanged('UPDATED', live);
  }

  private openRoom(liveId: string): Promise<MediaRoom> {
    const { gateway, sessions, logger, keyframeIntervalMs } = this.deps;
    return MediaRoom.open(liveId, { gateway, sessions, logger, keyframeIntervalMs }, {
      detached: (participant) => {
        if (participant.role === 'publisher') void this.presenterLost(liveId, participant.mediaSessionId);
        else void this.queue.run(liveId, async () => {
          const live = this.active.get(liveId);
          if (live) await this.removeViewer(live, participant.mediaSessionId, 'disconnected');
        });
      },
      // Released from outside (an operator, another client of the media server): nothing is left to carry the live.
      lost: () => void this.end(liveId, 'media-lost', { mediaGone: true }),
    });
  }

  private async removeViewer(live: ActiveLive, mediaSessionId: string, reason: string) {
    if (live.ended) return;
    const viewer = await live.room.remove(mediaSessionId, reason);
    if (viewer && !live.room.viewers().some((v) => v.userId === viewer.userId)) this.audienceChanged(live, 'VIEWER_LEFT', viewer.userId);
  }

  private audienceChanged(live: ActiveLive, type: 'VIEWER_JOINED' | 'VIEWER_LEFT', viewerId: string) {
    this.publishLiveEvent(live, type, { viewerId });
    this.livesChanged('VIEWER_COUNT', live);
  }

  /** The live whole, as lists show it, so that no subscriber reads the database per event. */
  private livesChanged(type: LivesChangedPayload['type'], live: ActiveLive, endedAt?: Date) {
    this.deps.pubsub.publish(Topic.LivesChanged, {
      type,
      live: {
        id: live.id, title: live.title, presenter: live.presenter, startedAt: live.startedAt.toISOString(),
        endedAt: endedAt?.toISOString() ?? null, viewerCount: endedAt ? 0 : this.viewerCount(live), poster: live.poster ?? null,
        presenterAway: !endedAt && live.away !== undefined,
      },
    });
  }

  private publishLiveEvent(live: ActiveLive, type: LiveEventType, extra: Partial<LiveEventPayload> = {}) {
    const payload: LiveEventPayload = { liveId: live.id, type, at: new Date().toISOString(), viewerCount: this.viewerCount(live), ...extra };
    this.deps.pubsub.publish(Topic.LiveEvent, live.id, payload);
  }

  private async requireActive(em: EntityManager, liveId: string): Promise<ActiveLive> {
    const live = this.active.get(liveId);
    if (live && !live.ended) return live;
    if (await em.count(Live, { id: liveId })) throw liveEnded();
    throw liveNotFound();
  }
}
