import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { UserAvatar } from '../../../shared/user-avatar';
import { CallService } from '../services/call.service';

/** The caller's screen while the call rings: who is called, and Cancel. */
@Component({
  selector: 'app-call-ringing',
  imports: [MatButtonModule, FormError, UserAvatar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let m = t().calls;
    <div class="ring" data-testid="call-ringing" [attr.data-callee]="c.otherParty.nickname">
      <app-user-avatar [nickname]="c.otherParty.nickname" [url]="c.otherParty.avatarUrl" class="avatar" />
      <h1>{{ m.calling(c.otherParty.nickname) }}</h1>
      <p role="status">{{ m.ringing }}</p>
      <button mat-stroked-button type="button" (click)="cancel()" [disabled]="busy()"
              [attr.aria-label]="m.cancelLabel(c.otherParty.nickname)" data-testid="call-cancel">{{ m.cancel }}</button>
      <app-form-error [code]="error()" />
    </div>
  `,
  styles: `
    .ring { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 32px 16px; text-align: center;
      border-radius: 16px; background: var(--mat-sys-surface-container); }
    .avatar { width: 96px; height: 96px; font: var(--mat-sys-display-small); animation: pulse 1.6s ease-in-out infinite; }
    @keyframes pulse { 50% { box-shadow: 0 0 0 14px color-mix(in srgb, var(--mat-sys-primary) 20%, transparent); } }
    @media (prefers-reduced-motion: reduce) { .avatar { animation: none; } }
    h1 { margin: 8px 0 0; font: var(--mat-sys-headline-small); overflow-wrap: anywhere; }
    p { margin: 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CallRinging {
  readonly call = input.required<CallSummaryFragment>();
  private readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;

  protected async cancel(): Promise<void> {
    await this.submission.run(() => this.calls.cancel(this.call().id));
  }
}
