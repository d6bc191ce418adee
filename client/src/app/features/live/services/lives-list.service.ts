import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import {
  LiveSummaryFragment, LivesChangedGQL, LivesChangedSubscription, LivesGQL,
} from '../../../core/graphql/generated';

type LivesChange = LivesChangedSubscription['livesChanged'];

/**
 * The lives happening now: a `lives` snapshot kept current by `livesChanged` (STARTED, ENDED,
 * VIEWER_COUNT). Like the online list, the snapshot is (re)loaded once the realtime connection
 * is acknowledged, and changes that arrive while it loads are replayed on top of it (each carries
 * the live's full state, so replaying is idempotent). Provided by the page that shows it.
 */
@Injectable()
export class LivesListService {
  private readonly livesGQL = inject(LivesGQL);
  private readonly livesChangedGQL = inject(LivesChangedGQL);
  private readonly realtime = inject(RealtimeService);
  private readonly destroyRef = inject(DestroyRef);

  private readonly byId = signal<ReadonlyMap<string, LiveSummaryFragment>>(new Map());
  private pending: LivesChange[] | null = null;

  readonly loaded = signal(false);
  /** Newest first. */
  readonly lives = computed(() =>
    [...this.byId().values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)));

  start(): void {
    this.livesChangedGQL.subscribe().pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => { if (result.data) this.onChange(result.data.livesChanged); },
      error: (error: unknown) => console.warn('OnAir lives updates stopped', error),
    });
    this.realtime.connected$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.loadSnapshot());
    if (this.realtime.state() === 'online') this.loadSnapshot();
  }

  private loadSnapshot(): void {
    this.pending = [];
    this.livesGQL.fetch({ fetchPolicy: 'network-only' }).pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (result) => {
        const next = new Map((result.data?.lives ?? []).map((l) => [l.id, l] as const));
        for (const change of this.pending ?? []) apply(next, change);
        this.pending = null;
        this.byId.set(next);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.pending = null;
        console.warn('OnAir could not load the lives', error);
      },
    });
  }

  private onChange(change: LivesChange): void {
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

function apply(lives: Map<string, LiveSummaryFragment>, change: LivesChange): void {
  if (change.type === 'ENDED' || change.live.status === 'ENDED') lives.delete(change.live.id);
  else lives.set(change.live.id, change.live);
}
