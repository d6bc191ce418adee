import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { CallSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { CallService } from '../services/call.service';

/**
 * Recording consent in a call: Record (asks the other party), the answer prompt when the other
 * party asks, and what became of a request. Recording starts only once both agreed.
 */
@Component({
  selector: 'app-call-recording-controls',
  imports: [MatButtonModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = call();
    @let m = t().calls;
    @let other = c.otherParty.nickname;
    @switch (c.recording) {
      @case ('REQUESTED') {
        @if (askedByMe()) {
          <p class="status" role="status" data-testid="call-recording-waiting">{{ m.recordingWaiting(other) }}</p>
        } @else {
          <section class="ask" aria-labelledby="call-recording-ask" data-testid="call-recording-request">
            <p id="call-recording-ask" role="alert">{{ m.recordingAsk(other) }}</p>
            <div class="actions">
              <button mat-flat-button type="button" (click)="answer(true)" [disabled]="busy()"
                      data-testid="call-recording-accept">{{ m.recordingAgree }}</button>
              <button mat-stroked-button type="button" (click)="answer(false)" [disabled]="busy()"
                      data-testid="call-recording-decline">{{ m.recordingRefuse }}</button>
            </div>
          </section>
        }
      }
      @case ('RECORDING') {}
      @default {
        @if (c.recording === 'DECLINED') {
          <p class="status" role="status" data-testid="call-recording-declined">
            {{ askedByMe() ? m.recordingDeclinedByThem(other) : m.recordingDeclinedByYou }}</p>
        }
        <button mat-stroked-button type="button" class="record" (click)="request()" [disabled]="busy()"
                [attr.aria-label]="m.recordLabel" data-testid="call-record">
          <span class="dot" aria-hidden="true"></span>{{ m.record }}</button>
      }
    }
    <app-form-error [code]="error()" />
  `,
  styles: `
    :host { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; }
    :host:empty { display: none; }
    .status { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .ask { align-self: stretch; padding: 12px; border-radius: 12px; background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container); }
    .ask p { margin: 0 0 8px; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .dot { display: inline-block; width: 10px; height: 10px; margin-right: 8px; border-radius: 50%; background: var(--mat-sys-error); }
  `,
})
export class CallRecordingControls {
  readonly call = input.required<CallSummaryFragment>();
  private readonly calls = inject(CallService);
  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;
  protected readonly askedByMe = computed(() => this.call().recordingRequestedBy?.id === this.auth.user()?.id);

  protected async request(): Promise<void> {
    await this.submission.run(() => this.calls.requestRecording(this.call().id));
  }

  protected async answer(accept: boolean): Promise<void> {
    await this.submission.run(() => this.calls.answerRecording(this.call().id, accept));
  }
}
