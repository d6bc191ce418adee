import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subscription } from 'rxjs';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { VideoCardFragment, VideosGQL, VideosQuery } from '../../../core/graphql/generated';
import { CatalogQuery, toVideoFilter } from '../catalog-query';

export const PAGE_SIZE = 12;

/**
 * One catalog search and the pages read so far: `load` starts over (dropping a search still in
 * flight), `loadMore` reads on from the last cursor. Always from the network: videos are renamed
 * and deleted by others. Provided by the page that shows it.
 */
@Injectable()
export class VideoCatalogService {
  private readonly videosGQL = inject(VideosGQL);
  private request: Subscription | null = null;
  private query: CatalogQuery | null = null;
  private cursor: string | null = null;

  readonly videos = signal<readonly VideoCardFragment[]>([]);
  readonly totalCount = signal<number | null>(null);
  readonly hasMore = signal(false);
  /** The first page is on its way. */
  readonly loading = signal(false);
  readonly loadingMore = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  load(query: CatalogQuery, first = PAGE_SIZE): void {
    this.query = query;
    this.videos.set([]);
    this.totalCount.set(null);
    this.hasMore.set(false);
    this.loadingMore.set(false);
    this.loading.set(true);
    this.fetch(query, first, null);
  }

  loadMore(): void {
    if (!this.query || !this.hasMore() || this.loading() || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.fetch(this.query, PAGE_SIZE, this.cursor);
  }

  private fetch(query: CatalogQuery, first: number, after: string | null): void {
    this.request?.unsubscribe();
    this.error.set(null);
    const variables = { filter: toVideoFilter(query), orderBy: query.order, first, after, withCount: after === null };
    this.request = this.videosGQL.fetch({ variables, fetchPolicy: 'network-only' }).subscribe({
      next: (result) => {
        if (result.data) this.addPage(result.data.videos);
        else this.error.set('UNKNOWN');
        this.settle();
      },
      error: (error: unknown) => {
        this.error.set(apiErrorCode(error));
        this.settle();
      },
    });
  }

  private addPage(page: VideosQuery['videos']): void {
    const seen = new Set(this.videos().map((v) => v.id));
    const fresh = page.edges.map((edge) => edge.node).filter((video) => !seen.has(video.id));
    this.videos.update((videos) => [...videos, ...fresh]);
    if (page.totalCount != null) this.totalCount.set(page.totalCount);
    this.hasMore.set(page.pageInfo.hasNextPage);
    this.cursor = page.pageInfo.endCursor ?? null;
  }

  private settle(): void {
    this.loading.set(false);
    this.loadingMore.set(false);
  }
}
