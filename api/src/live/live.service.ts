import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { RateLimitStore } from '../auth/rate-limit-store';
import type { IceCandidateInit, PipelineHandle, RecorderHandle, WebRtcEndpointHandle } from '../media/elements';
import type { MediaGateway } from '../media/media-gateway';
import { AppPubSub, ChatMessageSnapshot, LiveEventPayload, LiveEventType, Topic } from '../pubsub/topics';
import { checkPosterImage } from '../recording/posters';
import type { Recordings } from '../recording/recordings.service';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../shared/errors';
import { KeyedQueue } from '../shared/keyed-queue';
import type { Logger } from '../shared/logger';
import { User } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import { ChatMessage, Live } from './live.entity';
import { MediaSessions } from './media-sessions';
import { checkCandidate, checkMediaSessionId, checkOffer } from './sdp';

export const liveEnded = () => new AppError(ErrorCode.LiveEnded, 'This live has ended');
export const liveNotFound = () => notFound('No live with this id');

/** A live on this api node: its media objects and audience. A live owns its pipeline. */
export interface ActiveLive {
  id: string;
  presenterId: string;
  title: string;
  startedAt: Date;
  location: string;
  pipeline: PipelineHandle;
  presenterSessionId: string;
  presenterEndpoint: WebRtcEndpointHandle;
  recorder: RecorderHandle;
  /** Its still image (file in the recordings folder), once the presenter's app sent one. */
  poster?: string;
  /** Asks the presenter for a key frame every few seconds while recorded (seekable recordings). */
  keyframes?: NodeJS.Timeout;
  /** Viewer media sessions: session id → viewer. */
  viewers: Map<string, { userId: string; joinedAt: Date; endpoint: WebRtcEndpointHandle }>;
  ended: boolean;
}

export interface LiveDependencies {
  orm: MikroORM;
  gateway: MediaGateway;
  pubsub: AppPubSub;
  recordings: Recordings;
  users: UsersService;
  limits: RateLimitStore;
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
/** Key frames are asked for a bit more often than the longest gap allowed: encoders answer after a frame or two. */
const KEYFRAME_ASK_SHARE = 0.85;
const CHAT_BURST = { count: 5, windowMs: 10_000 };

/**
 * Lives: going live (presenter endpoint looped back to itself and recorded), watching (a viewer
 * endpoint fed by the presenter's), ICE both ways, viewers, chat and the end of a live. Every
 * operation on one live runs in that live's queue, so joins, leaves and stops never interleave.
 */
export class LiveService {
  readonly sessions: MediaSessions;
  private readonly active = new Map<string, ActiveLive>();
  /** Media session id → the live it belongs to (presenter or viewer). */
  private readonly sessionLive = new Map<string, string>();
  private readonly queue = new KeyedQueue();
  /** Set by endAll (shutdown): no new live starts. */
  private closing = false;

  constructor(private readonly deps: LiveDependencies) {
    this.sessions = new MediaSessions((id) => void this.detached(id), deps.logger);
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
    return new Set([...live.viewers.values()].map((v) => v.userId)).size;
  }

  async goLive(em: EntityManager, userId: string, address: string,
    input: { title: string; offer: string; mediaSessionId: string }): Promise<MediaSessionResult> {
    const title = input.title.trim();
    if (title.length < 1 || title.length > 120) throw badInput('The title must have 1 to 120 characters', { field: 'title' });
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    return this.queue.run(`presenter:${userId}`, async () => {
      if (this.closing) throw new AppError(ErrorCode.MediaUnavailable, 'The server is shutting down; go live again in a moment');
      if ([...this.active.values()].some((live) => live.presenterId === userId)) {
        throw new AppError(ErrorCode.AlreadyLive, 'You are already live; stop that live first');
      }
      this.sessions.reserve(mediaSessionId, userId);
      const liveId = randomUUID();
      let pipeline: PipelineHandle;
      let location: string;
      try {
        [location, pipeline] = await Promise.all([this.deps.locate(address), this.deps.gateway.createPipeline()]);
      } catch (error) {
        this.sessions.end(mediaSessionId, 'failed');
        throw error;
      }
      try {
        const presenterEndpoint = await this.endpointFor(pipeline, mediaSessionId);
        await presenterEndpoint.connect(presenterEndpoint); // loopback: the presenter sees what the server returns
        const recorder = await pipeline.createRecorder(this.deps.recordings.uriOf(liveId));
        await presenterEndpoint.connect(recorder);
        const answer = await this.negotiate(presenterEndpoint, mediaSessionId, offer);
        await recorder.record();

        const row = em.create(Live, { id: liveId, presenter: em.getReference(User, userId), title, location, nodeId: this.deps.nodeId });
        await em.persistAndFlush(row);
        const live: ActiveLive = {
          id: liveId, presenterId: userId, title, startedAt: row.startedAt, location, pipeline,
          presenterSessionId: mediaSessionId, presenterEndpoint, recorder, viewers: new Map(), ended: false,
        };
        this.askForKeyframes(live);
        this.active.set(liveId, live);
        this.sessionLive.set(mediaSessionId, liveId);
        this.deps.pubsub.publish(Topic.LivesChanged, { type: 'STARTED', liveId });
        // The presenter's connection may have gone while this was set up.
        if (this.sessions.isEnded(mediaSessionId)) void this.end(liveId, 'presenter-disconnected');
        return { live, mediaSessionId, answer };
      } catch (error) {
        this.sessions.end(mediaSessionId, 'failed');
        await pipeline.release().catch((e) => this.deps.logger.warn('release after failed go-live', { error: e }));
        await this.deps.recordings.discard(liveId);
        throw error;
      }
    });
  }

  async watch(em: EntityManager, userId: string, input: { liveId: string; offer: string; mediaSessionId: string }): Promise<MediaSessionResult> {
    const offer = checkOffer(input.offer);
    const mediaSessionId = checkMediaSessionId(input.mediaSessionId);
    await this.requireActive(em, input.liveId);
    return this.queue.run(input.liveId, async () => {
      const live = this.active.get(input.liveId);
      if (!live || live.ended) throw liveEnded();
      if (live.presenterId === userId) throw forbidden('You are presenting this live; your own stream is already looped back to you');
      this.sessions.reserve(mediaSessionId, userId);
      let endpoint: WebRtcEndpointHandle | undefined;
      let answer: string;
      try {
        endpoint = await this.endpointFor(live.pipeline, mediaSessionId);
        await live.presenterEndpoint.connect(endpoint);
        answer = await this.negotiate(endpoint, mediaSessionId, offer);
      } catch (error) {
        this.sessions.end(mediaSessionId, 'failed');
        await endpoint?.release().catch(() => undefined);
        throw error;
      }
      const firstOfUser = ![...live.viewers.values()].some((v) => v.userId === userId);
      live.viewers.set(mediaSessionId, { userId, joinedAt: new Date(), endpoint });
      this.sessionLive.set(mediaSessionId, live.id);
      if (firstOfUser) this.audienceChanged(live, 'VIEWER_JOINED', userId);
      // The viewer's connection may have gone while this was set up.
      if (this.sessions.isEnded(mediaSessionId)) await this.removeViewer(live, mediaSessionId, 'disconnected');
      return { live, mediaSessionId, answer };
    });
  }

  addIceCandidate(userId: string, mediaSessionId: string, candidate: IceCandidateInit): Promise<void> {
    return this.sessions.addCandidate(checkMediaSessionId(mediaSessionId), userId, checkCandidate(candidate));
  }

  mediaSessionEvents(userId: string, mediaSessionId: string) {
    return this.sessions.events(checkMediaSessionId(mediaSessionId), userId);
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
    return this.queue.run(liveId, async () => {
      if (live.ended) throw liveEnded();
      live.poster = await this.deps.recordings.savePoster(liveId, image, live.poster);
      await em.nativeUpdate(Live, { id: liveId }, { poster: live.poster });
      this.deps.pubsub.publish(Topic.LivesChanged, { type: 'UPDATED', liveId });
      return live;
    });
  }

  /** A viewer leaves (their media session ends). */
  async leave(userId: string, mediaSessionId: string): Promise<void> {
    const id = checkMediaSessionId(mediaSessionId);
    if (!this.sessions.isOwnedBy(id, userId)) throw forbidden('This media session is not yours');
    const liveId = this.sessionLive.get(id);
    const live = liveId ? this.active.get(liveId) : undefined;
    if (!live || !live.viewers.has(id)) throw badInput('This media session is not watching a live', { field: 'mediaSessionId' });
    await this.queue.run(live.id, () => this.removeViewer(live, id, 'left'));
  }

  /**
   * Publishes the message whole (subscribers render it from the event, reading nothing back), then
   * keeps it with the live (one INSERT, no unit of work) before answering. The write is off the
   * delivery path; when it fails, the message is withdrawn from everyone and the sender is told.
   */
  async sendChat(em: EntityManager, userId: string, liveId: string, text: string): Promise<ChatMessageSnapshot> {
    const body = text.trim();
    if (body.length < 1 || body.length > CHAT_MAX) throw badInput(`A chat message has 1 to ${CHAT_MAX} characters`, { field: 'text' });
    const live = await this.requireActive(em, liveId);
    const hits = await this.deps.limits.hit(`chat:${liveId}:${userId}`, CHAT_BURST.windowMs);
    if (hits.count > CHAT_BURST.count) {
      throw new AppError(ErrorCode.RateLimited, 'You are sending messages too fast', { retryAfterSeconds: Math.ceil(hits.resetInMs / 1000) });
    }
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
      clearInterval(live.keyframes);
      this.active.delete(liveId);
      const endedAt = new Date();
      this.publishLiveEvent(live, 'LIVE_ENDED', { reason });
      for (const id of [live.presenterSessionId, ...live.viewers.keys()]) {
        this.sessions.end(id, 'live-ended');
        this.sessionLive.delete(id);
      }
      this.deps.pubsub.publish(Topic.LivesChanged, { type: 'ENDED', liveId });
      if (!mediaGone) {
        await live.recorder.stopAndWait().catch((error) => this.deps.logger.warn('recorder did not stop cleanly', { liveId, error }));
        await live.pipeline.release().catch((error) => this.deps.logger.warn('pipeline release failed', { liveId, error }));
      }
      const em = this.deps.orm.em.fork();
      await em.nativeUpdate(Live, { id: liveId }, { endedAt, endReason: reason });
      const video = await this.deps.recordings.file(em, {
        liveId, presenterId: live.presenterId, title: live.title, startedAt: live.startedAt, endedAt, location: live.location,
        poster: live.poster,
      }).catch((error) => {
        this.deps.logger.error('recording not filed; it stays on disk for the next start to file', { liveId, error });
        return null;
      });
      return video !== null;
    });
  }

  /**
   * Key frames on a timer while recorded, so the recording's Cues point at one every few seconds
   * and seeking starts at once. A media server without the method is asked no more.
   */
  private askForKeyframes(live: ActiveLive) {
    if (!this.deps.keyframeIntervalMs) return;
    let failures = 0;
    live.keyframes = setInterval(() => {
      live.presenterEndpoint.requestKeyframe().then(() => { failures = 0; }, (error) => {
        if (live.ended || ++failures < 3) return;
        clearInterval(live.keyframes);
        this.deps.logger.warn('the media server refuses key-frame requests: this recording seeks from fewer points', { liveId: live.id, error });
      });
    }, this.deps.keyframeIntervalMs * KEYFRAME_ASK_SHARE);
    live.keyframes.unref();
  }

  /** A WebRTC endpoint whose candidates go to the media session's event log from the very start. */
  private async endpointFor(pipeline: PipelineHandle, mediaSessionId: string): Promise<WebRtcEndpointHandle> {
    const endpoint = await pipeline.createWebRtcEndpoint();
    endpoint.onIceCandidate((candidate) => this.sessions.push(mediaSessionId, { type: 'ICE_CANDIDATE', candidate }));
    return endpoint;
  }

  /** Answers the offer, applies the browser's early candidates, then starts gathering. */
  private async negotiate(endpoint: WebRtcEndpointHandle, mediaSessionId: string, offer: string): Promise<string> {
    const answer = await endpoint.processOffer(offer);
    await this.sessions.attach(mediaSessionId, endpoint);
    await endpoint.gatherCandidates();
    return answer;
  }

  private async detached(mediaSessionId: string) {
    const liveId = this.sessionLive.get(mediaSessionId);
    const live = liveId ? this.active.get(liveId) : undefined;
    if (!live) {
      this.sessions.end(mediaSessionId, 'detached');
      return;
    }
    if (live.presenterSessionId === mediaSessionId) await this.end(live.id, 'presenter-disconnected');
    else await this.queue.run(live.id, () => this.removeViewer(live, mediaSessionId, 'disconnected'));
  }

  private async removeViewer(live: ActiveLive, mediaSessionId: string, reason: string) {
    const viewer = live.viewers.get(mediaSessionId);
    if (!viewer || live.ended) return;
    live.viewers.delete(mediaSessionId);
    this.sessionLive.delete(mediaSessionId);
    this.sessions.end(mediaSessionId, reason);
    await viewer.endpoint.release().catch((error) => this.deps.logger.warn('viewer endpoint release failed', { error }));
    if (![...live.viewers.values()].some((v) => v.userId === viewer.userId)) this.audienceChanged(live, 'VIEWER_LEFT', viewer.userId);
  }

  private audienceChanged(live: ActiveLive, type: 'VIEWER_JOINED' | 'VIEWER_LEFT', viewerId: string) {
    this.publishLiveEvent(live, type, { viewerId });
    this.deps.pubsub.publish(Topic.LivesChanged, { type: 'VIEWER_COUNT', liveId: live.id });
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
