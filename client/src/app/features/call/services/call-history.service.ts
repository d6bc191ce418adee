import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { CallHistoryGQL, CallHistoryQuery, CallSummaryFragment } from '../../../core/graphql/generated';

export const HISTORY_PAGE_SIZE = 20;

/**
 * The user's calls, newest first, a page at a time: `load` starts over (dropping a request still
 * in flight), `loadMore` reads on from the last cursor. Always from the network. Provided by the
 * page that shows it.
 */
@Injectable()
export class CallHistoryService {
  private readonly historyGQL = inject(CallHistoryGQL);
  private request: Subscription | null = null;
  private cursor: string | null = null;

  readonly calls = signal<readonly CallSummaryFragment[]>([]);
  readonly hasMore = signal(false);
  /** The first page is on its way (and nothing is shown yet). */
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  /** Reads the first page again; what is shown stays until it arrives (a refresh does not flicker). */
  load(): void {
    this.loadingMore.set(false);
    this.loading.set(!this.loaded());
    this.fetch(null);
  }

  loadMore(): void {
    if (!this.hasMore() || this.loading() || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.fetch(this.cursor);
  }

  private fetch(after: string | null): void {
    this.request?.unsubscribe();
    this.error.set(null);
    this.request = this.historyGQL.fetch({ variables: { first: HISTORY_PAGE_SIZE, after }, fetchPolicy: 'network-only' }).subscribe({
      next: (result) => {
        if (result.data) this.addPage(result.data.calls, after === null);
        else this.error.set('UNKNOWN');
        this.settle();
      },
      error: (error: unknown) => {
        this.error.set(apiErrorCode(error));
        this.settle();
      },
    });
  }

  private addPage(page: CallHistoryQuery['calls'], first: boolean): void {
    const nodes = page.edges.map((edge) => edge.node);
    if (first) {
      this.calls.set(nodes);
    } else {
      const seen = new Set(this.calls().map((c) => c.id));
      this.calls.update((calls) => [...calls, ...nodes.filter((c) => !seen.has(c.id))]);
    }
    this.hasMore.set(page.pageInfo.hasNextPage);
    this.cursor = page.pageInfo.endCursor ?? null;
    this.loaded.set(true);
  }

  private settle(): void {
    this.loading.set(false);
    this.loadingMore.set(false);
  }
}
