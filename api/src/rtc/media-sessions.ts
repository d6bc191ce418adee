import { EventEmitter } from 'node:events';
import type { IceCandidateInit, WebRtcEndpointHandle } from '../media/elements';
import { AppError, badInput, ErrorCode, forbidden } from '../shared/errors';
import type { Logger } from '../shared/logger';

export type MediaSessionEventPayload =
  | { seq: number; type: 'ICE_CANDIDATE'; candidate: IceCandidateInit }
  | { seq: number; type: 'ENDED'; reason: string };

type NewEvent =
  | { type: 'ICE_CANDIDATE'; candidate: IceCandidateInit }
  | { type: 'ENDED'; reason: string };

interface MediaSession {
  id: string;
  userId: string;
  endpoint?: WebRtcEndpointHandle;
  /** Browser candidates that arrived before the endpoint existed, applied in order on attach. */
  pending: IceCandidateInit[];
  /** Every server event so far: a subscription that starts late replays it, so nothing is lost. */
  log: MediaSessionEventPayload[];
  emitter: EventEmitter;
  subscribers: number;
  everSubscribed: boolean;
  ended: boolean;
  timer?: NodeJS.Timeout;
  /** Its owner's reaction when the last subscriber goes (set when an endpoint is reserved for it). */
  onDetached?: () => void;
}

export interface MediaSessionOptions {
  /** How long a claimed id may wait for its endpoint (and an endpoint for its first subscriber). */
  attachTimeoutMs: number;
  /** How long an ended session is kept so a late subscriber still learns it ended. */
  keepEndedMs: number;
  maxPendingCandidates: number;
  /** Sessions one user may hold open (claimed and not ended) at once. */
  maxPerUser: number;
}

/** How long, and how many, ended sessions are remembered after they are forgotten (so a late subscriber still learns the end). */
const TOMBSTONE_MS = 3600_000;
const TOMBSTONES_MAX = 50_000;

const DEFAULTS: MediaSessionOptions = { attachTimeoutMs: 30_000, keepEndedMs: 30_000, maxPendingCandidates: 100, maxPerUser: 10 };

const mediaSessionEnded = () => new AppError(ErrorCode.MediaSessionEnded, 'This media session has ended');

/**
 * Signaling state of media sessions (one browser peer connection each), keyed by an id the
 * browser generates so that candidates and the event subscription may come before, during or
 * after the offer. An id belongs to the first user who uses it.
 *
 * A session lives as long as its event subscription: when the last subscriber goes (tab closed,
 * connection lost, unsubscribed), the `onDetached` its owner gave when reserving it fires, and the
 * owner ends it. Lives and calls share one registry (media rooms reserve their sessions in it).
 */
export class MediaSessions {
  private readonly sessions = new Map<string, MediaSession>();
  /** Sessions ended and forgotten: whose, and why (see TOMBSTONE_MS). */
  private readonly tombstones = new Map<string, { userId: string; reason: string; until: number }>();
  /** Ids of each user's open (not ended) sessions. */
  private readonly openByUser = new Map<string, Set<string>>();
  private readonly options: MediaSessionOptions;

  constructor(
    private readonly logger: Logger,
    options: Partial<MediaSessionOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The session with this id, created for `userId` when new; FORBIDDEN when someone else's. */
  claim(id: string, userId: string): MediaSession {
    let session = this.sessions.get(id) ?? this.revive(id);
    if (!session) {
      const open = this.openByUser.get(userId) ?? new Set<string>();
      if (open.size >= this.options.maxPerUser) {
        throw new AppError(ErrorCode.TooManyMediaSessions,
          `You already have ${this.options.maxPerUser} media sessions open; end one (leave a live, close a tab) first`, { max: this.options.maxPerUser });
      }
      open.add(id);
      this.openByUser.set(userId, open);
      session = { id, userId, pending: [], log: [], emitter: new EventEmitter(), subscribers: 0, everSubscribed: false, ended: false };
      session.emitter.setMaxListeners(0);
      this.sessions.set(id, session);
      this.expireUnless(session, () => session!.endpoint !== undefined || session!.ended);
    }
    if (session.userId !== userId) throw forbidden('This media session belongs to someone else');
    return session;
  }

  /**
   * Claims an id for a new endpoint, whose owner `onDetached` tells when the browser goes away;
   * BAD_USER_INPUT when the id already carries one.
   */
  reserve(id: string, userId: string, onDetached: () => void): void {
    const session = this.claim(id, userId);
    if (session.endpoint || session.ended || session.onDetached) {
      throw badInput('This mediaSessionId is already used; generate a new one', { field: 'mediaSessionId' });
    }
    session.onDetached = onDetached;
  }

  /** True once ended (or never known): e.g. its subscriber went away while the offer was processed. */
  isEnded(id: string): boolean {
    return this.sessions.get(id)?.ended ?? true;
  }

  isOwnedBy(id: string, userId: string): boolean {
    return this.sessions.get(id)?.userId === userId;
  }

  /**
   * Binds the endpoint, then applies the candidates that were waiting for it: sent one after the
   * other without waiting for each answer (the media server takes one object's requests in order).
   */
  async attach(id: string, endpoint: WebRtcEndpointHandle): Promise<void> {
    const session = this.sessions.get(id);
    if (!session || session.ended) throw mediaSessionEnded();
    session.endpoint = endpoint;
    await Promise.all(session.pending.splice(0).map((candidate) => endpoint.addIceCandidate(candidate)));
    if (!session.everSubscribed) {
      this.expireUnless(session, () => session.everSubscribed || session.ended, () => this.detached(session));
    }
  }

  async addCandidate(id: string, userId: string, candidate: IceCandidateInit): Promise<void> {
    const session = this.claim(id, userId);
    if (session.ended) throw mediaSessionEnded();
    if (session.endpoint) return session.endpoint.addIceCandidate(candidate);
    if (session.pending.length >= this.options.maxPendingCandidates) {
      throw badInput(`More than ${this.options.maxPendingCandidates} ICE candidates before the offer`, { field: 'candidate' });
    }
    session.pending.push(candidate);
  }

  /** Records a server event for the session and hands it to its subscribers. */
  push(id: string, event: NewEvent): void {
    const session = this.sessions.get(id);
    if (!session || session.ended) return;
    const payload = { ...event, seq: session.log.length + 1 } as MediaSessionEventPayload;
    session.log.push(payload);
    session.emitter.emit('event', payload);
  }

  /** Ends the session once: subscribers get ENDED and then complete. Idempotent. */
  end(id: string, reason: string): void {
    const session = this.sessions.get(id);
    if (!session || session.ended) return;
    this.push(id, { type: 'ENDED', reason });
    session.ended = true;
    this.closed(session);
    session.endpoint = undefined;
    session.pending = [];
    clearTimeout(session.timer);
    this.forgetLater(session, reason);
  }

  /** Drops an ended session after keepEndedMs, leaving a tombstone. */
  private forgetLater(session: MediaSession, reason: string) {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      this.sessions.delete(session.id);
      if (this.tombstones.size >= TOMBSTONES_MAX) this.tombstones.delete(this.tombstones.keys().next().value!);
      this.tombstones.set(session.id, { userId: session.userId, reason, until: Date.now() + TOMBSTONE_MS });
    }, this.options.keepEndedMs);
    session.timer.unref();
  }

  /**
   * A session that ended a while ago, back as an ended one: a browser that subscribes again (its
   * realtime connection came back after minutes) gets ENDED instead of a new, silent session.
   */
  private revive(id: string): MediaSession | undefined {
    const tombstone = this.tombstones.get(id);
    if (!tombstone) return undefined;
    this.tombstones.delete(id);
    if (tombstone.until < Date.now()) return undefined;
    const session: MediaSession = {
      id, userId: tombstone.userId, pending: [], log: [{ seq: 1, type: 'ENDED', reason: tombstone.reason }], emitter: new EventEmitter(),
      subscribers: 0, everSubscribed: false, ended: true,
    };
    session.emitter.setMaxListeners(0);
    this.sessions.set(id, session);
    this.forgetLater(session, tombstone.reason);
    return session;
  }

  /**
   * The session's events: everything logged so far, then new ones as they happen, each exactly
   * once and in order; completes after ENDED. Returning the iterator (unsubscribe, connection
   * closed) detaches the subscriber at once.
   */
  events(id: string, userId: string): AsyncIterableIterator<MediaSessionEventPayload> {
    return this.stream(this.claim(id, userId)); // ownership is checked now, not at the first event
  }

  private stream(session: MediaSession): AsyncIterableIterator<MediaSessionEventPayload> {
    // A hand-written iterator rather than an async generator: a generator suspended in `await`
    // would run its cleanup only after the next event, so a closed connection would go unnoticed.
    const queue: MediaSessionEventPayload[] = [...session.log];
    let seen = queue.at(-1)?.seq ?? 0;
    let finished = false;
    let wake: (() => void) | undefined;
    const listener = (payload: MediaSessionEventPayload) => {
      if (payload.seq <= seen) return;
      seen = payload.seq;
      queue.push(payload);
      wake?.();
    };
    session.emitter.on('event', listener);
    session.subscribers += 1;
    session.everSubscribed = true;
    const finish = () => {
      if (finished) return;
      finished = true;
      session.emitter.off('event', listener);
      session.subscribers -= 1;
      wake?.();
      if (session.subscribers === 0 && !session.ended) {
        this.logger.debug('media session detached', { id: session.id });
        this.detached(session);
      }
    };
    const iterator: AsyncIterableIterator<MediaSessionEventPayload> = {
      async next() {
        while (!finished && queue.length === 0) await new Promise<void>((resolve) => { wake = resolve; });
        const value = queue.shift();
        if (!value) return { done: true, value: undefined };
        if (value.type === 'ENDED') finish(); // the last event; nothing follows it
        return { done: false, value };
      },
      async return() {
        finish();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** Ends every session (shutdown). */
  endAll(reason: string): void {
    for (const id of [...this.sessions.keys()]) this.end(id, reason);
  }

  /** No longer counts among its user's open sessions. */
  private closed(session: MediaSession) {
    const open = this.openByUser.get(session.userId);
    open?.delete(session.id);
    if (open?.size === 0) this.openByUser.delete(session.userId);
  }

  private detached(session: MediaSession) {
    if (session.onDetached) session.onDetached();
    else this.end(session.id, 'detached');
  }

  private expireUnless(session: MediaSession, done: () => boolean, onExpire?: () => void) {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => {
      if (done()) return;
      if (onExpire) onExpire();
      else if (!session.endpoint) {
        this.sessions.delete(session.id);
        this.closed(session);
      }
    }, this.options.attachTimeoutMs);
    session.timer.unref();
  }
}
