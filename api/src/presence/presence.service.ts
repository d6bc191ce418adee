import type { EntityManager } from '@mikro-orm/core';
import { AppPubSub, Topic } from '../pubsub/topics';
import type { User } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import type { PresenceStore } from './presence-store';

/** Online = at least one open, authenticated realtime connection. */
export class PresenceService {
  constructor(
    private readonly store: PresenceStore,
    private readonly users: UsersService,
    private readonly pubsub: AppPubSub,
  ) {}

  async connected(userId: string): Promise<void> {
    if (await this.store.add(userId)) this.publish(userId, true);
  }

  async disconnected(userId: string): Promise<void> {
    if (await this.store.remove(userId)) this.publish(userId, false);
  }

  isOnline(userId: string): Promise<boolean> {
    return this.store.isOnline(userId);
  }

  async onlineUsers(em: EntityManager): Promise<User[]> {
    return this.users.findByIds(em, await this.store.onlineUserIds());
  }

  private publish(userId: string, online: boolean) {
    this.pubsub.publish(Topic.PresenceChanged, { userId, online, at: new Date().toISOString() });
  }
}
