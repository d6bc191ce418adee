import type { EntityManager } from '@mikro-orm/core';
import { User } from '../users/user.entity';
import { ChatMessage, Live } from './live.entity';
import type { ActiveLive, LiveService } from './live.service';
import { ChatMessageView, LiveStatus, LiveView } from './live.types';

/** Turns lives (running on this node, or rows) into their GraphQL shape. */
export class LiveViews {
  constructor(private readonly lives: LiveService) {}

  async ofActive(em: EntityManager, live: ActiveLive): Promise<LiveView> {
    return {
      id: live.id, title: live.title, startedAt: live.startedAt, endedAt: null, status: LiveStatus.LIVE,
      viewerCount: this.lives.viewerCount(live), presenter: await em.findOneOrFail(User, { id: live.presenterId }),
    };
  }

  /** The live with this id, running or ended; null when there is none. */
  async byId(em: EntityManager, id: string): Promise<LiveView | null> {
    const active = this.lives.activeLive(id);
    if (active) return this.ofActive(em, active);
    const row = await em.findOne(Live, { id }, { populate: ['presenter'] });
    return row && this.ofRow(row);
  }

  ofRow(row: Live): LiveView {
    const active = this.lives.activeLive(row.id);
    return {
      id: row.id, title: row.title, presenter: row.presenter, startedAt: row.startedAt, endedAt: row.endedAt ?? null,
      status: active ? LiveStatus.LIVE : LiveStatus.ENDED, viewerCount: active ? this.lives.viewerCount(active) : 0,
    };
  }

  async message(em: EntityManager, id: string): Promise<ChatMessageView | null> {
    const message = await em.findOne(ChatMessage, { id }, { populate: ['author'] });
    return message && this.ofMessage(message);
  }

  ofMessage(message: ChatMessage): ChatMessageView {
    return { id: message.id, liveId: message.live.id, author: message.author, text: message.text, sentAt: message.sentAt };
  }
}
