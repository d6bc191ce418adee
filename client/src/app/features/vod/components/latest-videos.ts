import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { EMPTY_QUERY } from '../catalog-query';
import { VideoCatalogService } from '../services/video-catalog.service';
import { VideoCard } from './video-card';

export const LATEST_COUNT = 6;

/** A card with the newest videos of the catalog, each linking to its page, and a link to /videos. */
@Component({
  selector: 'app-latest-videos',
  imports: [MatButtonModule, MatCardModule, RouterLink, FormError, VideoCard],
  providers: [VideoCatalogService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title><h2>{{ t().videos.latest }}</h2></mat-card-title>
        <a mat-button routerLink="/videos" class="all" data-testid="latest-videos-all">{{ t().videos.all }}</a>
      </mat-card-header>
      <mat-card-content>
        <app-form-error [code]="catalog.error()" />
        @if (catalog.totalCount() !== null) {
          <ul data-testid="latest-videos">
            @for (video of catalog.videos(); track video.id) {
              <li><app-video-card [video]="video" [showLocation]="false" /></li>
            } @empty {
              <li class="empty" data-testid="latest-videos-empty">{{ t().videos.none }}</li>
            }
          </ul>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    mat-card-header { align-items: center; }
    .all { margin-left: auto; }
    ul { list-style: none; margin: 0; padding: 8px 0 0; display: grid; gap: 12px;
         grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); }
    .empty { grid-column: 1 / -1; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LatestVideos implements OnInit {
  protected readonly catalog = inject(VideoCatalogService);
  protected readonly t = inject(I18n).t;

  ngOnInit(): void {
    this.catalog.load(EMPTY_QUERY, LATEST_COUNT);
  }
}
