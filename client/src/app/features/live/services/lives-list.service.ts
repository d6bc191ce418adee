import { Injectable, computed, inject } from '@angular/core';
import { map } from 'rxjs';
import {
  LiveSummaryFragment, LivesChangedGQL, LivesChangedSubscription, LivesGQL,
} from '../../../core/graphql/generated';
import { liveList } from '../../../core/graphql/live-list';

type LivesChange = LivesChangedSubscription['livesChanged'];

/**
 * The lives happening now: a `lives` snapshot kept current by `livesChanged` (STARTED, ENDED,
 * VIEWER_COUNT, UPDATED: poster, presenter away or back). Like the online list, the snapshot is
 * (re)loaded once the realtime connection is acknowledged, and changes that arrive while it loads are replayed on top of it (each carries
 * the live's full state, so replaying is idempotent). Provided by the page that shows it.
 */
@Injectable()
export class LivesListService {
  private readonly livesGQL = inject(LivesGQL);
  private readonly livesChangedGQL = inject(LivesChangedGQL);

  private readonly list = liveList<LiveSummaryFragment, LivesChange>({
    snapshot: () => this.livesGQL.fetch({ fetchPolicy: 'network-only' }).pipe(map((result) => result.data?.lives ?? [])),
    changes: () => this.livesChangedGQL.subscribe().pipe(map((result) => result.data?.livesChanged)),
    apply,
    updatesStoppedMessage: 'OnAir lives updates stopped',
    loadFailedMessage: 'OnAir could not load the lives',
  });

  readonly loaded = this.list.loaded;
  readonly failed = this.list.failed;

  retry(): void {
    this.list.retry();
  }
  /** Newest first. */
  readonly lives = computed(() =>
    [...this.list.byId().values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)));

  start(): void {
    this.list.start();
  }
}

function apply(lives: Map<string, LiveSummaryFragment>, change: LivesChange): void {
  if (change.type === 'ENDED' || change.live.status === 'ENDED') lives.delete(change.live.id);
  else lives.set(change.live.id, change.live);
}
