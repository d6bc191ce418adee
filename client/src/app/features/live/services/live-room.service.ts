import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import {
  LiveChatMessageFragment, LiveEventsGQL, LiveEventsSubscription, LivePersonFragment, LiveRoomGQL,
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
 * then `liveEvents(liveId)` — viewers joining and leaving, the viewer count, chat messages and
 * the end. The subscription is opened before the query so nothing said in between is missed
 * (chat is de-duplicated by id). Provided by the room component; stops with it.
 */
@Injectable()
export class LiveRoomService {
  private readonly roomGQL = inject(LiveRoomGQL);
  private readonly eventsGQL = inject(LiveEventsGQL);
  private events: Subscription | null = null;
  private feedKey = 0;
  private countFromEvents = false;

  readonly live = signal<LiveSummaryFragment | null>(null);
  readonly loadError = signal<ApiErrorCode | null>(null);
  readonly viewerCount = signal(0);
  readonly feed = signal<readonly ViewerFeedItem[]>([]);
  readonly chat = signal<readonly LiveChatMessageFragment[]>([]);
  /** Set once the live is over: the reason ("stopped", "presenter-disconnected", ...). */
  readonly ended = signal<string | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.events?.unsubscribe());
  }

  open(liveId: string): void {
    this.events = this.eventsGQL.subscribe({ variables: { liveId } }).subscribe({
      next: (result) => { if (result.data) this.onEvent(result.data.liveEvents); },
      error: (error: unknown) => {
        if (apiErrorCode(error) === 'LIVE_ENDED') this.ended.set(this.ended() ?? 'ended');
        else console.warn('OnAir live events stopped', error);
      },
    });
    this.roomGQL.fetch({ variables: { id: liveId }, fetchPolicy: 'network-only' }).subscribe({
      next: (result) => {
        const live = result.data?.live;
        if (!live) {
          this.loadError.set('NOT_FOUND');
          return;
        }
        const { chat, ...summary } = live;
        this.live.set(summary);
        if (!this.countFromEvents) this.viewerCount.set(summary.viewerCount);
        this.addChat(chat);
        if (summary.status === 'ENDED') this.ended.set(this.ended() ?? 'ended');
      },
      error: (error: unknown) => this.loadError.set(apiErrorCode(error)),
    });
  }

  /** A message this user sent (its event, which usually comes first, is de-duplicated). */
  addOwnMessage(message: LiveChatMessageFragment): void {
    this.addChat([message]);
  }

  private onEvent(event: LiveEvent): void {
    this.countFromEvents = true;
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
      case 'LIVE_ENDED':
        this.ended.set(event.reason ?? 'ended');
        this.events?.unsubscribe();
        break;
    }
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
