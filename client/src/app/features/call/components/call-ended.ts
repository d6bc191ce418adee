import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { CallRecordingsFragment, CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { formatDuration } from '../../vod/video-format';
import { endMessage } from '../call-state';
import { CallButton } from './call-button';

/** A call that is over: why (declined, busy, offline, no answer, hung up...), how long, its recordings. */
@Component({
  selector: 'app-call-ended',
  imports: [MatButtonModule, RouterLink, UserAvatar, CallButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let m = t().calls;
    <div class="ended">
      <app-user-avatar [nickname]="c.otherParty.nickname" [url]="c.otherParty.avatarUrl" class="avatar" />
      <h1>{{ m.with(c.otherParty.nickname) }}</h1>
      <p class="outcome" role="status" data-testid="call-outcome" [attr.data-outcome]="c.outcome" [attr.data-reason]="c.endReason">
        {{ message() }}</p>
      @if (c.answeredAt) {
        <p class="meta" data-testid="call-duration" [attr.data-seconds]="c.durationSeconds">{{ m.lasted(duration()) }}</p>
      }
      @if (recordings()?.videos?.length) {
        <section class="recordings" aria-labelledby="call-recordings-title">
          <h2 id="call-recordings-title">{{ m.recordings }}</h2>
          <ul>
            @for (video of recordings()!.videos; track video.id) {
              <li><a [routerLink]="['/videos', video.id]" data-testid="call-recording-link">{{ video.title }}</a>
                <span class="meta">{{ format(video.durationSeconds) }}</span></li>
            }
          </ul>
        </section>
      } @else if (savingRecordings()) {
        <p class="meta" role="status" data-testid="call-recordings-saving">{{ m.recordingsSaving }}</p>
      } @else if (c.recording === 'RECORDING') {
        <p class="meta" data-testid="call-recordings-missing">{{ m.recordingsMissing }}</p>
      }
      <div class="actions">
        <app-call-button [userId]="c.otherParty.id" [nickname]="c.otherParty.nickname" [text]="m.callAgain" />
        <a mat-button routerLink="/calls" data-testid="call-to-history">{{ m.toHistory }}</a>
      </div>
    </div>
  `,
  styles: `
    .ended { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 32px 16px; text-align: center;
      border-radius: 16px; background: var(--mat-sys-surface-container); }
    .avatar { width: 72px; height: 72px; font: var(--mat-sys-headline-medium); }
    p { margin: 0; overflow-wrap: anywhere; }
    .outcome { font: var(--mat-sys-title-large); }
    .meta { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .recordings { align-self: stretch; text-align: left; }
    h1 { margin: 0; font: var(--mat-sys-title-medium); color: var(--mat-sys-on-surface-variant); overflow-wrap: anywhere; }
    h2 { margin: 0 0 4px; font: var(--mat-sys-title-small); }
    ul { margin: 0; padding-left: 20px; }
    li { padding: 2px 0; overflow-wrap: anywhere; }
    li .meta { margin-left: 8px; }
    .actions { display: flex; flex-wrap: wrap; justify-content: center; gap: 8px; }
  `,
})
export class CallEnded {
  readonly call = input.required<CallSummaryFragment>();
  readonly recordings = input<CallRecordingsFragment | null>(null);
  /** The call was recorded and its recordings are being filed. */
  readonly savingRecordings = input(false);
  protected readonly t = inject(I18n).t;
  protected readonly message = computed(() => endMessage(this.call(), this.t().calls.ended));
  protected readonly duration = computed(() => formatDuration(this.call().durationSeconds));
  protected readonly format = formatDuration;
}
