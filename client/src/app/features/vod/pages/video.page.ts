import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { LocationCredit } from '../components/location-credit';
import { VideoMetadata } from '../components/video-metadata';
import { VideoOwnerActions } from '../components/video-owner-actions';
import { VideoPlayer } from '../components/video-player';
import { VideoDetailService } from '../services/video-detail.service';

/** /videos/:id — the player and what is known about the video; its owner can rename or delete it. */
@Component({
  selector: 'app-video-page',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, FormError, LocationCredit, VideoMetadata,
    VideoOwnerActions, VideoPlayer],
  providers: [VideoDetailService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = t().videos;
    @switch (detail.state()) {
      @case ('loading') {
        <mat-progress-bar mode="indeterminate" data-testid="video-loading" [attr.aria-label]="v.loading" />
      }
      @case ('missing') {
        <div class="missing" role="status" data-testid="video-not-found">
          <h1>{{ v.notFound }}</h1>
          <a mat-stroked-button routerLink="/videos" data-testid="video-back">{{ v.back }}</a>
        </div>
      }
      @case ('error') {
        <app-form-error [code]="detail.error()" />
        <a mat-stroked-button routerLink="/videos" class="back" data-testid="video-back">{{ v.back }}</a>
      }
      @case ('found') {
        @if (detail.video(); as video) {
          <header>
            <h1 data-testid="video-title">{{ video.title }}</h1>
            <a mat-button routerLink="/videos" data-testid="video-back">{{ v.back }}</a>
          </header>
          <div class="grid">
            <app-video-player [src]="video.playbackUrl" [poster]="video.posterUrl" />
            <section>
              <app-video-metadata [video]="video" />
              @if (owner()) {
                <app-video-owner-actions />
              }
              <app-location-credit />
            </section>
          </div>
        }
      }
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    header { display: flex; align-items: center; gap: 16px; }
    h1 { flex: 1; margin: 0; font: var(--mat-sys-headline-small); overflow-wrap: anywhere; }
    .grid { display: grid; grid-template-columns: 3fr 2fr; gap: 24px; align-items: start; }
    section { display: flex; flex-direction: column; gap: 24px; }
    .missing { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; padding: 16px;
               border-radius: 12px; background: var(--mat-sys-surface-container); }
    .missing h1 { flex: none; font: var(--mat-sys-title-medium); }
    .back { align-self: flex-start; }
    @media (max-width: 720px) { .grid { grid-template-columns: 1fr; } }
  `,
})
export class VideoPage {
  /** The route's :id. */
  readonly id = input.required<string>();
  protected readonly detail = inject(VideoDetailService);
  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18n).t;
  protected readonly owner = computed(() => {
    const video = this.detail.video();
    return !!video && video.presenter.id === this.auth.user()?.id;
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.detail.load(id));
    });
  }
}
