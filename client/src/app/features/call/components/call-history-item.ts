import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { formatDuration } from '../../vod/video-format';
import { callPath } from '../call-state';
import { CallButton } from './call-button';

/** One call of the history: the other party, direction, outcome, start, duration; Call back and Details. */
@Component({
  selector: 'app-call-history-item',
  imports: [DatePipe, MatButtonModule, RouterLink, UserAvatar, CallButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let h = t().calls.history;
    <div class="item" data-testid="call-history-item" [attr.data-call-id]="c.id" [attr.data-nickname]="c.otherParty.nickname"
         [attr.data-direction]="c.direction" [attr.data-outcome]="c.outcome">
      <app-user-avatar [nickname]="c.otherParty.nickname" [url]="c.otherParty.avatarUrl" />
      <div class="main">
        <span class="who">{{ c.otherParty.nickname }}</span>
        <span class="meta">
          <span class="direction" [class.missed]="missed()" data-testid="call-history-direction">
            <span aria-hidden="true">{{ c.direction === 'OUTGOING' ? '↗' : '↙' }}</span> {{ h.directions[c.direction] }}</span>
          · <span data-testid="call-history-outcome">{{ outcome() }}</span>
          · <time [attr.datetime]="c.startedAt">{{ c.startedAt | date: 'medium' : undefined : lang() }}</time>
          @if (c.answeredAt) {
            · <span data-testid="call-history-duration" [attr.data-seconds]="c.durationSeconds">{{ duration() }}</span>
          }
        </span>
      </div>
      <div class="actions">
        <app-call-button [userId]="c.otherParty.id" [nickname]="c.otherParty.nickname" [text]="h.callBack"
                         [ariaLabel]="h.callBackLabel(c.otherParty.nickname)" />
        <a mat-button [routerLink]="path(c.id)" [attr.aria-label]="h.detailsLabel(c.otherParty.nickname, (c.startedAt | date: 'medium' : undefined : lang()) ?? '')"
           data-testid="call-history-details">{{ h.details }}</a>
      </div>
    </div>
  `,
  styles: `
    .item { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 12px; padding: 10px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .main { flex: 1 1 200px; min-width: 0; display: flex; flex-direction: column; }
    .who { font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .missed { color: var(--mat-sys-error); }
    .actions { display: flex; align-items: center; gap: 4px; margin-left: auto; }
  `,
})
export class CallHistoryItem {
  readonly call = input.required<CallSummaryFragment>();
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly path = callPath;
  protected readonly missed = computed(() => this.call().direction === 'INCOMING' && this.call().outcome === 'MISSED');
  protected readonly duration = computed(() => formatDuration(this.call().durationSeconds));
  protected readonly outcome = computed(() => {
    const c = this.call();
    const h = this.t().calls.history;
    if (c.state === 'RINGING') return h.ringing;
    if (c.state === 'ACTIVE') return h.onNow;
    return c.outcome ? h.outcomes[c.outcome] : '';
  });
}
