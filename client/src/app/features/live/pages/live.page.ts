import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { LiveSummaryGQL } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { BroadcastService } from '../services/broadcast.service';
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
 * Until it knows whose live it is, it shows neither, so a presenter never sees their live as a viewer.
 */
@Component({
  selector: 'app-live-page',
  imports: [FormError, PresenterRoom, ViewerRoom],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- One room per live id: moving to another live rebuilds the room (and its media session). -->
    @for (liveId of ids(); track liveId) {
      @switch (role()) {
        @case ('presenter') { <app-presenter-room [liveId]="liveId" /> }
        @case ('viewer') { <app-viewer-room [liveId]="liveId" /> }
        @case ('error') { <app-form-error [code]="owner()?.error ?? null" /> }
        @default { <p class="loading" role="status" data-testid="live-loading">{{ t().live.loading }}</p> }
      }
    }
  `,
  styles: `.loading { color: var(--mat-sys-on-surface-variant); }`,
})
export class LivePage {
  /** The route's :id. */
  readonly id = input.required<string>();
  private readonly broadcast = inject(BroadcastService);
  private readonly auth = inject(AuthService);
  private readonly summaryGQL = inject(LiveSummaryGQL);
  protected readonly t = inject(I18n).t;
  protected readonly owner = signal<LiveOwner | null>(null);
  protected readonly ids = computed(() => [this.id()]);
  protected readonly role = computed<'presenter' | 'viewer' | 'error' | null>(() => {
    const id = this.id();
    if (this.broadcast.liveId() === id) return 'presenter';
    const owner = this.owner();
    if (owner?.liveId !== id) return null;
    if (owner.error) return 'error';
    return owner.mine ? 'presenter' : 'viewer';
  });

  constructor() {
    // Not presented by this window: ask whose live it is; the user's own running live is resumed here.
    effect((onCleanup) => {
      const liveId = this.id();
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
        error: (error: unknown) => this.owner.set({ liveId, mine: false, error: apiErrorCode(error) }),
      });
      onCleanup(() => request.unsubscribe());
    });
  }
}
