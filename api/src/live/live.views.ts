import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { ChatMessageSnapshot, LiveSnapshot } from '../pubsub/topics';
import { User } from '../users/user.entity';
import { userOfProfile } from '../users/users.service';
import { ChatMessage, Live } from './live.entity';
import type { ActiveLive, LiveService } from './live.service';
import { ChatMessageView, LiveStatus, LiveView } from './live.types';

/** How long a load for one event is shared (its subscribers resolve within milliseconds). */
const EVENT_LOAD_TTL_MS = 2000;

/** Turns lives (running on this node, or rows) into their GraphQL shape. */
export class LiveViews {
  /** Loads shared by every subscriber of one event (one query per event, not per subscriber). */
  private readonly eventLoads = new Map<string, Promise<unknown>>();

  constructor(private readonly lives: LiveService, private readonly orm: MikroORM) {}

  /** The viewer an event names, loaded once for all its subscribers. */
  async eventViewer(viewerId?: string): Promise<User | null> {
    return viewerId ? this.once(`user:${viewerId}`, () => this.orm.em.fork().findOne(User, { id: viewerId })) : null;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.eventLoads.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load();
      this.eventLoads.set(key, pending);
      setTimeout(() => this.eventLoads.delete(key), EVENT_LOAD_TTL_MS).unref();
    }
    return pending;
  }

  ofActive(live: ActiveLive): LiveView {
    return {
      id: live.id, title: live.title, startedAt: live.startedAt, endedAt: null, status: LiveStatus.LIVE,
      viewerCount: this.lives.viewerCount(live), presenter: userOfProfile(live.presenter), poster: live.poster ?? null,
      presenterAway: live.away !== undefined,
    };
  }

  /** A live as a livesChanged event carries it. */
  ofLiveSnapshot(live: LiveSnapshot): LiveView {
    return {
      id: live.id, title: live.title, presenter: userOfProfile(live.presenter), startedAt: new Date(live.startedAt),
      endedAt: live.endedAt ? new Date(live.endedAt) : null, status: live.endedAt ? LiveStatus.ENDED : LiveStatus.LIVE,
      viewerCount: live.viewerCount, poster: live.poster, presenterAway: live.presenterAway,
    };
  }

  /** The live with this id, running or ended; null when there is none. */
  async byId(em: EntityManager, id: string): Promise<LiveView | null> {
    const active = this.lives.activeLive(id);
    if (active) return this.ofActive(active);
    const row = await em.findOne(Live, { id }, { populate: ['presenter'] });
    return row && this.ofRow(row);
  }

  ofRow(row: Live): LiveView {
    const active = this.lives.activeLive(row.id);
    return {
      id: row.id, title: row.title, presenter: row.presenter, startedAt: row.startedAt, endedAt: row.endedAt ?? null,
      status: active ? LiveStatus.LIVE : LiveStatus.ENDED, viewerCount: active ? this.lives.viewerCount(active) : 0,
      poster: row.poster ?? null, presenterAway: active?.away !== undefined,
    };
  }

  ofMessage(message: ChatMessage): ChatMessageView {
    return { id: message.id, liveId: message.live.id, author: message.author, text: message.text, sentAt: message.sentAt };
  }

  /** A message as published (JSON: it may have crossed Redis). */
  ofSnapshot(message: ChatMessageSnapshot): ChatMessageView {
    return {
      id: message.id, liveId: message.liveId, text: message.text, sentAt: new Date(message.sentAt), author: userOfProfile(message.author),
    };
  }
}
