import { DestroyRef, Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';
import { RealtimeService } from '../apollo/realtime.service';

export interface LiveListOptions<T extends { id: string }, C> {
  /** The snapshot query (a fresh network fetch each call). */
  snapshot: () => Observable<readonly T[]>;
  /** The subscription's events; empty results (no data) are skipped. */
  changes: () => Observable<C | null | undefined>;
  /** Applies one event to the list. Each event must carry a full state, so replaying is idempotent. */
  apply: (items: Map<string, T>, change: C) => void;
  /** Console warnings: the subscription stopped, the snapshot failed. */
  updatesStoppedMessage: string;
  loadFailedMessage: string;
}

export interface LiveList<T> {
  readonly byId: Signal<ReadonlyMap<string, T>>;
  readonly loaded: Signal<boolean>;
  /** The last snapshot could not be loaded (and none has been since): say so, offer retry(). */
  readonly failed: Signal<boolean>;
  /** Loads the snapshot again. */
  retry(): void;
  /** Subscribes to the changes, then loads the snapshot now (if online) and after every (re)connection. */
  start(): void;
}

/**
 * A list kept current by a subscription: a snapshot query, loaded once the realtime connection
 * is acknowledged and again after every reconnection, with the events that arrive while it loads
 * replayed on top of it. Stops with the injector it is created in (call in an injection context).
 */
export function liveList<T extends { id: string }, C>(options: LiveListOptions<T, C>): LiveList<T> {
  const realtime = inject(RealtimeService);
  const destroyRef = inject(DestroyRef);
  const byId = signal<ReadonlyMap<string, T>>(new Map());
  const loaded = signal(false);
  const failed = signal(false);
  let pending: C[] | null = null;

  function loadSnapshot(): void {
    pending = [];
    options.snapshot().pipe(takeUntilDestroyed(destroyRef)).subscribe({
      next: (items) => {
        const next = new Map(items.map((item) => [item.id, item] as const));
        for (const change of pending ?? []) options.apply(next, change);
        pending = null;
        byId.set(next);
        loaded.set(true);
        failed.set(false);
      },
      error: (error: unknown) => {
        pending = null;
        failed.set(true);
        console.warn(options.loadFailedMessage, error);
      },
    });
  }

  function onChange(change: C): void {
    if (pending) {
      pending.push(change);
      return;
    }
    byId.update((current) => {
      const next = new Map(current);
      options.apply(next, change);
      return next;
    });
  }

  return {
    byId: byId.asReadonly(),
    loaded: loaded.asReadonly(),
    failed: failed.asReadonly(),
    retry: () => loadSnapshot(),
    start(): void {
      options.changes().pipe(takeUntilDestroyed(destroyRef)).subscribe({
        next: (change) => { if (change) onChange(change); },
        error: (error: unknown) => console.warn(options.updatesStoppedMessage, error),
      });
      realtime.connected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => loadSnapshot());
      if (realtime.state() === 'online') loadSnapshot();
    },
  };
}
