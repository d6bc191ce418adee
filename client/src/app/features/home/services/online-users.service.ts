import { Injectable, computed, inject } from '@angular/core';
import { map } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import {
  OnlineUserFragment, OnlineUsersGQL, PresenceChangedGQL, PresenceChangedSubscription,
} from '../../../core/graphql/generated';
import { liveList } from '../../../core/graphql/live-list';

export type OnlineUser = OnlineUserFragment;
type PresenceChange = PresenceChangedSubscription['presenceChanged'];

/**
 * The live list of online users: a snapshot from `onlineUsers`, kept current by
 * `presenceChanged` events. Provided by the page that shows it, so it stops with that page.
 *
 * The snapshot is fetched once the realtime connection is acknowledged (so it already counts
 * this user and the subscription is on its way), and again after every reconnection. Events that
 * arrive while it loads are replayed on top of it (each event is a full state for one user, so
 * replaying is idempotent). The signed-in user is online by definition while their connection is
 * up, so they are listed even if the snapshot was taken a moment before the server counted them.
 */
@Injectable()
export class OnlineUsersService {
  private readonly onlineUsersGQL = inject(OnlineUsersGQL);
  private readonly presenceChangedGQL = inject(PresenceChangedGQL);
  private readonly realtime = inject(RealtimeService);
  private readonly auth = inject(AuthService);

  private readonly list = liveList<OnlineUser, PresenceChange>({
    snapshot: () => this.onlineUsersGQL.fetch({ fetchPolicy: 'network-only' })
      .pipe(map((result) => result.data?.onlineUsers ?? [])),
    changes: () => this.presenceChangedGQL.subscribe().pipe(map((result) => result.data?.presenceChanged)),
    apply,
    updatesStoppedMessage: 'OnAir presence updates stopped',
    loadFailedMessage: 'OnAir could not load online users',
  });

  readonly loaded = this.list.loaded;
  readonly failed = this.list.failed;

  retry(): void {
    this.list.retry();
  }
  readonly users = computed(() => {
    const users = new Map(this.list.byId());
    const self = this.auth.user();
    if (self && this.realtime.state() === 'online' && !users.has(self.id)) users.set(self.id, self);
    return [...users.values()].sort((a, b) => a.nickname.localeCompare(b.nickname));
  });

  start(): void {
    this.list.start();
  }
}

function apply(users: Map<string, OnlineUser>, change: PresenceChange): void {
  if (change.online) users.set(change.user.id, change.user);
  else users.delete(change.user.id);
}
