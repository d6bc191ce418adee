import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { UserAvatar } from '../../../shared/user-avatar';
import { CallService } from '../services/call.service';

/** Someone calls: who, Accept (this tab takes the call and opens its page) or Decline. No sound. */
@Component({
  selector: 'app-incoming-call-prompt',
  imports: [MatButtonModule, FormError, UserAvatar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let m = t().calls;
    @let caller = c.otherParty.nickname;
    <section aria-labelledby="incoming-call-title" data-testid="incoming-call" [attr.data-call-id]="c.id" [attr.data-caller]="caller">
      <div class="who">
        <app-user-avatar [nickname]="caller" [url]="c.otherParty.avatarUrl" class="ringing" />
        <div>
          <p class="kind">{{ m.incomingTitle }}</p>
          <p id="incoming-call-title" class="title" role="alert" data-testid="incoming-call-title">{{ m.incoming(caller) }}</p>
        </div>
      </div>
      <div class="actions">
        <button mat-stroked-button type="button" (click)="decline()" [disabled]="busy()"
                [attr.aria-label]="m.declineLabel(caller)" data-testid="incoming-call-decline">{{ m.decline }}</button>
        <button mat-flat-button type="button" class="accept" (click)="accept()" [disabled]="busy()"
                [attr.aria-label]="m.acceptLabel(caller)" data-testid="incoming-call-accept">{{ m.accept }}</button>
      </div>
      <app-form-error [code]="error()" />
    </section>
  `,
  styles: `
    section { display: flex; flex-direction: column; gap: 12px; }
    .who { display: flex; align-items: center; gap: 12px; min-width: 0; }
    .who > div { min-width: 0; }
    p { margin: 0; overflow-wrap: anywhere; }
    .kind { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .title { font: var(--mat-sys-title-medium); }
    .ringing { animation: pulse 1.4s ease-in-out infinite; }
    @keyframes pulse { 50% { box-shadow: 0 0 0 8px color-mix(in srgb, var(--mat-sys-primary) 25%, transparent); } }
    @media (prefers-reduced-motion: reduce) { .ringing { animation: none; } }
    .actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
    .accept { --mat-button-filled-container-color: #1b7f3b; --mat-button-filled-label-text-color: #fff; }
  `,
})
export class IncomingCallPrompt {
  readonly call = input.required<CallSummaryFragment>();
  private readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;

  protected async accept(): Promise<void> {
    await this.submission.run(() => this.calls.accept(this.call().id));
  }

  protected async decline(): Promise<void> {
    await this.submission.run(() => this.calls.reject(this.call().id));
  }
}
