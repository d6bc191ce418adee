import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { filter } from 'rxjs';
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
 * The subscription starts before the snapshot is fetched; events that arrive meanwhile are
 * replayed on top of the snapshot (each event is a full state for one user, so replaying is
 * idempotent). After a dropped connection the snapshot is fetched again.
 */
@Injectable()
export class OnlineUsersService {
  private readonly onlineUsersGQL = inject(OnlineUsersGQL);
  private readonly presenceChangedGQL = inject(PresenceChangedGQL);
  private readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);

  private readonly byId = signal<ReadonlyMap<string, OnlineUser>>(new Map());
  private pending: PresenceChange[] | null = null;

  readonly loaded = signal(false);
  readonly users = computed(() =>
    [...this.byId().values()].sort((a, b) => a.nickname.localeCompare(b.nickname)));

  start(): void {
    this.presenceChangedGQL.subscribe().pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => { if (result.data) this.onChange(result.data.presenceChanged); },
      error: (error: unknown) => console.warn('OnAir presence updates stopped', error),
    });
    this.realtime.connected$
      .pipe(filter((c) => c.wasRetry), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.loadSnapshot());
    this.loadSnapshot();
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
