import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subscription, filter } from 'rxjs';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import {
  LiveAudienceGQL, LiveChatMessageFragment, LiveEventsGQL, LiveEventsSubscription, LivePersonFragment, LiveRoomGQL,
  LiveSummaryFragment,
} from '../../../core/graphql/generated';

type LiveEvent = LiveEventsSubscription['liveEvents'];

/** One line of the presenter's viewer feed. */
export interface ViewerFeedItem {
  key: number;
  kind: 'joined' | 'left';
  viewer: LivePersonFragment;
  at: string;
}

const MAX_CHAT = 200;
const MAX_FEED = 100;

/**
 * What happens in one live, for the page showing it: its summary and chat history (`live(id)`),
 * then `liveEvents(liveId)` — viewers joining and leaving, the viewer count, chat messages, the
 * presenter going away and coming back, and the end. The subscription is opened before the query
 * so nothing said in between is missed (chat is de-duplicated by id); the query is read again after
 * the realtime connection comes back, for what happened while it was down. Provided by the room
 * component; stops with it.
 */
@Injectable()
export class LiveRoomService {
  private readonly roomGQL = inject(LiveRoomGQL);
  private readonly audienceGQL = inject(LiveAudienceGQL);
  private readonly eventsGQL = inject(LiveEventsGQL);
  private readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);
  private events: Subscription | null = null;
  private feedKey = 0;
  /** Events received so far: a query answer older than the last event does not overwrite what it said. */
  private eventCount = 0;

  readonly live = signal<LiveSummaryFragment | null>(null);
  readonly loadError = signal<ApiErrorCode | null>(null);
  readonly viewerCount = signal(0);
  /** The presenter's connection went away; the live waits for them (PRESENTER_AWAY … PRESENTER_BACK). */
  readonly presenterAway = signal(false);
  readonly feed = signal<readonly ViewerFeedItem[]>([]);
  readonly chat = signal<readonly LiveChatMessageFragment[]>([]);
  /** Set once the live is over: the reason ("stopped", "presenter-disconnected", ...). */
  readonly ended = signal<string | null>(null);

  constructor() {
    this.destroyRef.onDestroy(() => this.events?.unsubscribe());
  }

  /** `audience`: the presenter's room, whose feed starts with who already watches (`Live.viewers`). */
  open(liveId: string, { audience = false } = {}): void {
    // Apollo Client 4 hands a subscription's GraphQL errors to `next` (as `error`), then completes.
    const failed = (error: unknown) => {
      if (apiErrorCode(error) === 'LIVE_ENDED') this.end(this.ended() ?? 'ended');
      else console.warn('OnAir live events stopped', error);
    };
    this.events = this.eventsGQL.subscribe({ variables: { liveId } }).subscribe({
      next: (result) => {
        if (result.data) this.onEvent(result.data.liveEvents);
        else if (result.error) failed(result.error);
      },
      error: failed,
    });
    this.load(liveId);
    if (audience) this.loadAudience(liveId);
    // Events sent while the connection was down are lost: read the live again once it is back.
    this.realtime.connected$.pipe(filter((c) => c.wasRetry), takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (this.ended() !== null) return;
      this.load(liveId);
      if (audience) this.loadAudience(liveId);
    });
  }

  /** Adds who watches now to the feed (as joined, when they joined), unless events already told about them. */
  private loadAudience(liveId: string): void {
    this.audienceGQL.fetch({ variables: { id: liveId }, fetchPolicy: 'network-only' }).pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => {
        const viewers = result.data?.live?.viewers ?? [];
        this.feed.update((feed) => {
          const known = new Set(feed.map((item) => item.viewer.id));
          const added = viewers.filter((v) => !known.has(v.user.id))
            .map((v): ViewerFeedItem => ({ key: ++this.feedKey, kind: 'joined', viewer: v.user, at: v.joinedAt }));
          return added.length ? [...added, ...feed].sort((a, b) => a.at.localeCompare(b.at)).slice(-MAX_FEED) : feed;
        });
      },
      error: (error: unknown) => console.warn('OnAir could not load who watches', error),
    });
  }

  private load(liveId: string): void {
    const eventsBefore = this.eventCount;
    this.roomGQL.fetch({ variables: { id: liveId }, fetchPolicy: 'network-only' }).pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => {
        const live = result.data?.live;
        if (!live) {
          this.loadError.set('NOT_FOUND');
          return;
        }
        const { chat, ...summary } = live;
        this.live.set(summary);
        if (this.eventCount === eventsBefore) {
          this.viewerCount.set(summary.viewerCount);
          this.presenterAway.set(summary.presenterAway);
        }
        this.addChat(chat);
        if (summary.status === 'ENDED') this.end(this.ended() ?? 'ended');
      },
      error: (error: unknown) => this.loadError.set(apiErrorCode(error)),
    });
  }

  /** A message this user sent (its event, which usually comes first, is de-duplicated). */
  addOwnMessage(message: LiveChatMessageFragment): void {
    this.addChat([message]);
  }

  private onEvent(event: LiveEvent): void {
    this.eventCount++;
    this.viewerCount.set(event.viewerCount);
    switch (event.type) {
      case 'VIEWER_JOINED':
      case 'VIEWER_LEFT':
        if (event.viewer) this.addFeedItem(event.type === 'VIEWER_JOINED' ? 'joined' : 'left', event.viewer, event.at);
        break;
      case 'CHAT_MESSAGE':
        if (event.message) this.addChat([event.message]);
        break;
      case 'CHAT_MESSAGE_WITHDRAWN': // delivered, then not kept: gone for everyone
        if (event.message) this.removeChat(event.message.id);
        break;
      case 'PRESENTER_AWAY':
      case 'PRESENTER_BACK':
        this.presenterAway.set(event.type === 'PRESENTER_AWAY');
        break;
      case 'LIVE_ENDED':
        this.end(event.reason ?? 'ended');
        this.events?.unsubscribe();
        break;
    }
  }

  private end(reason: string): void {
    this.presenterAway.set(false);
    this.ended.set(reason);
  }

  private addFeedItem(kind: ViewerFeedItem['kind'], viewer: LivePersonFragment, at: string): void {
    this.feed.update((feed) => [...feed, { key: ++this.feedKey, kind, viewer, at }].slice(-MAX_FEED));
  }

  private removeChat(id: string): void {
    this.chat.update((chat) => chat.filter((m) => m.id !== id));
  }

  private addChat(messages: readonly LiveChatMessageFragment[]): void {
    this.chat.update((chat) => {
      const byId = new Map(chat.map((m) => [m.id, m] as const));
      for (const m of messages) byId.set(m.id, m);
      return [...byId.values()]
        .sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.id.localeCompare(b.id))
        .slice(-MAX_CHAT);
    });
  }
}
