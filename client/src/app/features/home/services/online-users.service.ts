import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AuthService } from '../../../core/auth/auth.service';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import {
  OnlineUserFragment, OnlineUsersGQL, PresenceChangedGQL, PresenceChangedSubscription,
} from '../../../core/graphql/generated';

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
  private readonly destroyRef = inject(DestroyRef);

  private readonly byId = signal<ReadonlyMap<string, OnlineUser>>(new Map());
  private pending: PresenceChange[] | null = null;

  readonly loaded = signal(false);
  readonly users = computed(() => {
    const users = new Map(this.byId());
    const self = this.auth.user();
    if (self && this.realtime.state() === 'online' && !users.has(self.id)) users.set(self.id, self);
    return [...users.values()].sort((a, b) => a.nickname.localeCompare(b.nickname));
  });

  start(): void {
    this.presenceChangedGQL.subscribe().pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => { if (result.data) this.onChange(result.data.presenceChanged); },
      error: (error: unknown) => console.warn('OnAir presence updates stopped', error),
    });
    this.realtime.connected$
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.loadSnapshot());
    if (this.realtime.state() === 'online') this.loadSnapshot();
  }

  private loadSnapshot(): void {
    this.pending = [];
    this.onlineUsersGQL.fetch({ fetchPolicy: 'network-only' })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          const next = new Map((result.data?.onlineUsers ?? []).map((u) => [u.id, u] as const));
          for (const change of this.pending ?? []) apply(next, change);
          this.pending = null;
          this.byId.set(next);
          this.loaded.set(true);
        },
        error: (error: unknown) => {
          this.pending = null;
          console.warn('OnAir could not load online users', error);
        },
      });
  }

  private onChange(change: PresenceChange): void {
    if (this.pending) {
      this.pending.push(change);
      return;
    }
    this.byId.update((current) => {
      const next = new Map(current);
      apply(next, change);
      return next;
    });
  }
}

function apply(users: Map<string, OnlineUser>, change: PresenceChange): void {
  if (change.online) users.set(change.user.id, change.user);
  else users.delete(change.user.id);
}
