import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { VideoOrder } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import {
  CatalogQuery, EMPTY_QUERY, VIDEO_ORDERS, isFiltered, queryFromParams, queryToParams,
} from '../catalog-query';
import { LocationCredit } from '../components/location-credit';
import { VideoCard } from '../components/video-card';
import { VideoFiltersForm } from '../components/video-filters-form';
import { VideoCatalogService } from '../services/video-catalog.service';

/** /videos — the catalog: filters and order in the URL's query, poster cards, "Load more". */
@Component({
  selector: 'app-videos-page',
  imports: [MatButtonModule, MatFormFieldModule, MatProgressBarModule, MatSelectModule, FormError, LocationCredit,
    VideoCard, VideoFiltersForm],
  providers: [VideoCatalogService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = t().videos;
    <h1>{{ v.title }}</h1>
    <app-video-filters-form [query]="query()" (apply)="show($event)" (clear)="clearFilters()" />
    <div class="bar">
      <span class="count" data-testid="videos-count" [attr.data-count]="catalog.totalCount()">
        @if (catalog.totalCount() !== null) { {{ v.count(catalog.totalCount()!) }} }
      </span>
      <mat-form-field subscriptSizing="dynamic" class="sort">
        <mat-label>{{ v.filters.sort }}</mat-label>
        <mat-select [value]="query().order" (selectionChange)="sortBy($event.value)" data-testid="video-sort">
          @for (order of orders; track order) {
            <mat-option [value]="order" [attr.data-testid]="'video-sort-' + order">{{ v.orders[order] }}</mat-option>
          }
        </mat-select>
      </mat-form-field>
    </div>
    @if (catalog.loading()) {
      <mat-progress-bar mode="indeterminate" data-testid="videos-loading" [attr.aria-label]="v.loading" />
    }
    <app-form-error [code]="catalog.error()" />
    @if (!catalog.loading() && catalog.totalCount() === 0) {
      <div class="empty" data-testid="videos-empty">
        @if (filtered()) {
          <p>{{ v.noMatch }}</p>
          <button mat-stroked-button type="button" (click)="clearFilters()" data-testid="videos-empty-clear">
            {{ v.filters.clear }}</button>
        } @else {
          <p>{{ v.none }}</p>
        }
      </div>
    }
    @if (catalog.videos().length) {
      <ul class="grid" data-testid="videos">
        @for (video of catalog.videos(); track video.id) {
          <li><app-video-card [video]="video" /></li>
        }
      </ul>
      @if (catalog.hasMore()) {
        <button mat-stroked-button type="button" class="more" (click)="catalog.loadMore()"
                [disabled]="catalog.loadingMore()" data-testid="videos-load-more">{{ v.loadMore }}</button>
      }
      <app-location-credit />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    .bar { display: flex; align-items: center; gap: 16px; }
    .count { flex: 1; font: var(--mat-sys-title-medium); }
    .sort { width: 160px; }
    .empty { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; padding: 16px;
             border-radius: 12px; background: var(--mat-sys-surface-container); }
    .empty p { margin: 0; font: var(--mat-sys-body-large); }
    .grid { list-style: none; margin: 0; padding: 0; display: grid; gap: 16px;
            grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
    .more { align-self: center; }
  `,
})
export class VideosPage {
  protected readonly catalog = inject(VideoCatalogService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly t = inject(I18n).t;
  protected readonly orders = VIDEO_ORDERS;
  protected readonly query = signal<CatalogQuery>(EMPTY_QUERY);
  protected readonly filtered = computed(() => isFiltered(this.query()));

  constructor() {
    // Every change of the URL's query (a search, the back button, a shared link) loads it.
    this.route.queryParams.pipe(takeUntilDestroyed()).subscribe((params) => {
      const query = queryFromParams(params);
      this.query.set(query);
      this.catalog.load(query);
    });
  }

  protected show(query: CatalogQuery): void {
    const url = this.router.createUrlTree([], { relativeTo: this.route, queryParams: queryToParams(query) });
    // The same search again: the URL does not change, so search again here (fresh results).
    if (this.router.serializeUrl(url) === this.router.url) {
      this.catalog.load(this.query());
    } else {
      void this.router.navigateByUrl(url);
    }
  }

  protected sortBy(order: VideoOrder): void {
    this.show({ ...this.query(), order });
  }

  protected clearFilters(): void {
    this.show({ ...EMPTY_QUERY, order: this.query().order });
  }
}
