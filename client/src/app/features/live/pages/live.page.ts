import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { LiveSummaryGQL } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Skeleton } from '../../../shared/skeleton';
import { BroadcastService } from '../services/broadcast.service';
import { LiveNotFound } from '../components/live-not-found';
import { PresenterRoom } from '../components/presenter-room';
import { ViewerRoom } from '../components/viewer-room';

/** Whose live the page shows, once known (or why that could not be known). */
interface LiveOwner {
  liveId: string;
  mine: boolean;
  error?: ApiErrorCode;
}

/**
 * /live/:id — the presenter's view when the signed-in user presents the live (this window went live,
 * or it is their live: after a reload or in another tab, the page resumes it), the viewer's otherwise.
 * Until it knows whose live it is, it shows a placeholder and neither room, so a presenter never sees
 * their live as a viewer. A live that does not exist gets a "not found" page; a failure to ask, its
 * reason and Try again.
 */
@Component({
  selector: 'app-live-page',
  imports: [MatButtonModule, FormError, LiveNotFound, PresenterRoom, Skeleton, ViewerRoom],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- One room per live id: moving to another live rebuilds the room (and its media session). -->
    @for (liveId of ids(); track liveId) {
      @switch (role()) {
        @case ('presenter') { <app-presenter-room [liveId]="liveId" /> }
        @case ('viewer') { <app-viewer-room [liveId]="liveId" /> }
        @case ('not-found') { <app-live-not-found /> }
        @case ('error') {
          <section class="error" data-testid="live-error">
            <h1>{{ t().live.errorTitle }}</h1>
            <app-form-error [code]="owner()?.error ?? null" />
            <button mat-flat-button type="button" (click)="retry()" data-testid="live-retry">{{ t().live.tryAgain }}</button>
          </section>
        }
        @default {
          <div class="loading" data-testid="live-loading">
            <span class="line"></span>
            <app-skeleton kind="block" [label]="t().live.loading" />
          </div>
        }
      }
    }
  `,
  styles: `
    .loading { display: flex; flex-direction: column; gap: 16px; max-width: 720px; }
    .loading .line { display: block; width: 50%; height: 32px; border-radius: 8px; background: var(--mat-sys-surface-container-highest); }
    .error { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; }
    .error h1 { margin: 0; font: var(--mat-sys-headline-small); }
  `,
})
export class LivePage {
  /** The route's :id. */
  readonly id = input.required<string>();
  private readonly broadcast = inject(BroadcastService);
  private readonly auth = inject(AuthService);
  private readonly summaryGQL = inject(LiveSummaryGQL);
  protected readonly t = inject(I18n).t;
  protected readonly owner = signal<LiveOwner | null>(null);
  /** Bumped by Try again: asks again. */
  private readonly attempt = signal(0);
  protected readonly ids = computed(() => [this.id()]);
  protected readonly role = computed<'presenter' | 'viewer' | 'not-found' | 'error' | null>(() => {
    const id = this.id();
    if (this.broadcast.liveId() === id) return 'presenter';
    const owner = this.owner();
    if (owner?.liveId !== id) return null;
    if (owner.error) return owner.error === 'NOT_FOUND' ? 'not-found' : 'error';
    return owner.mine ? 'presenter' : 'viewer';
  });

  constructor() {
    // Not presented by this window: ask whose live it is; the user's own running live is resumed here.
    effect((onCleanup) => {
      const liveId = this.id();
      this.attempt();
      if (untracked(() => this.broadcast.liveId()) === liveId) return;
      const request = this.summaryGQL.fetch({ variables: { id: liveId }, fetchPolicy: 'network-only' }).subscribe({
        next: (result) => {
          const live = result.data?.live;
          if (!live) {
            this.owner.set({ liveId, mine: false, error: 'NOT_FOUND' });
            return;
          }
          const mine = live.presenter.id === this.auth.user()?.id;
          if (mine && live.status === 'LIVE' && this.broadcast.liveId() !== liveId) void this.broadcast.resume(liveId);
          this.owner.set({ liveId, mine });
        },
        error: (error: unknown) => {
          const code = apiErrorCode(error);
          // An id that cannot be a live's is refused as input: to a person, that live does not exist either.
          this.owner.set({ liveId, mine: false, error: code === 'BAD_USER_INPUT' ? 'NOT_FOUND' : code });
        },
      });
      onCleanup(() => request.unsubscribe());
    });
  }

  protected retry(): void {
    this.owner.set(null);
    this.attempt.update((n) => n + 1);
  }
}
