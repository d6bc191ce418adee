import type { EntityManager, MikroORM } from '@mikro-orm/core';
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
    private readonly orm: MikroORM,
  ) {}

  async connected(userId: string): Promise<void> {
    if (await this.store.add(userId)) await this.publish(userId, true);
  }

  async disconnected(userId: string): Promise<void> {
    if (await this.store.remove(userId)) await this.publish(userId, false);
  }

  isOnline(userId: string): Promise<boolean> {
    return this.store.isOnline(userId);
  }

  async onlineUsers(em: EntityManager): Promise<User[]> {
    return this.users.findByIds(em, await this.store.onlineUserIds());
  }

  /** With the profile (cached), so no subscriber reads the database for it. */
  private async publish(userId: string, online: boolean) {
    const at = new Date().toISOString();
    const user = await this.users.profile(this.orm.em.fork(), userId);
    if (user) this.pubsub.publish(Topic.PresenceChanged, { user, online, at });
  }
}
