import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { callPath, endMessage } from '../call-state';
import { CallNotices } from '../services/call-notices';
import { CallService } from '../services/call.service';
import { IncomingCallPrompt } from './incoming-call-prompt';

/**
 * The calls corner of every page (mounted by the app shell): the incoming-call prompt, the call
 * this user is making or is in when its page is not the one shown, and short notices ("Answered on
 * another tab", why a call ended, why dialling failed).
 */
@Component({
  selector: 'app-call-dock',
  imports: [MatButtonModule, RouterLink, FormError, IncomingCallPrompt],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t().calls;
    @if (shown(); as c) {
      <div class="card">
        @switch (calls.phase()) {
          @case ('ringing-in') {
            <app-incoming-call-prompt [call]="c" />
          }
          @case ('ringing-out') {
            <div class="row" data-testid="call-dock-ringing">
              <p role="status">{{ m.calling(c.otherParty.nickname) }}</p>
              @if (calls.handledHere() === c.id) {
                <a mat-button [routerLink]="path(c.id)">{{ m.backToCall }}</a>
              }
              <button mat-stroked-button type="button" (click)="cancel(c.id)" [disabled]="cancelling()"
                      [attr.aria-label]="m.cancelLabel(c.otherParty.nickname)" data-testid="call-dock-cancel">{{ m.cancel }}</button>
            </div>
            <app-form-error [code]="cancelError()" />
          }
          @case ('on') {
            <div class="row" data-testid="call-dock-on">
              @if (calls.handledHere() === c.id) {
                <a mat-flat-button [routerLink]="path(c.id)">{{ m.backToCall }}</a>
              } @else {
                <p role="status">{{ m.onElsewhere(c.otherParty.nickname) }}</p>
              }
            </div>
          }
        }
      </div>
    }
    <!-- Always present, so that screen readers announce the notices put in it. -->
    <div class="notices" role="status">
      @if (notices.current(); as n) {
        <div class="card notice" data-testid="call-notice" [attr.data-kind]="n.kind">
          @switch (n.kind) {
            @case ('answered-elsewhere') { <p>{{ m.answeredElsewhere }}</p> }
            @case ('tried-while-busy') { <p>{{ m.triedWhileBusy(n.call.otherParty.nickname) }}</p> }
            @case ('ended') {
              <p><a [routerLink]="path(n.call.id)" (click)="notices.dismiss(n.key)">{{ message(n.call) }}</a></p>
            }
            @case ('error') { <app-form-error [code]="n.code" /> }
          }
          <button mat-button type="button" (click)="notices.dismiss(n.key)" data-testid="call-notice-dismiss">{{ m.dismiss }}</button>
        </div>
      }
    </div>
  `,
  styles: `
    :host { position: fixed; right: 16px; bottom: 16px; z-index: 1000; display: flex; flex-direction: column; gap: 8px;
      width: min(380px, calc(100vw - 32px)); pointer-events: none; }
    .card { pointer-events: auto; padding: 16px; border-radius: 16px; background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface); box-shadow: var(--mat-sys-level3); }
    .row { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; }
    .row p { flex: 1; min-width: 0; margin: 0; font: var(--mat-sys-title-small); overflow-wrap: anywhere; }
    .notice { display: flex; align-items: center; gap: 8px; padding: 8px 8px 8px 16px; }
    .notice p, .notice app-form-error { flex: 1; min-width: 0; margin: 0; }
    .notice a { color: inherit; }
    .notices { display: flex; flex-direction: column; }
    @media (max-width: 600px) { :host { right: 8px; bottom: 8px; width: calc(100vw - 16px); } }
  `,
})
export class CallDock {
  protected readonly calls = inject(CallService);
  protected readonly notices = inject(CallNotices);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission();
  protected readonly cancelling = this.submission.busy;
  protected readonly cancelError = this.submission.error;
  /** The call to show here: one that rings or is on, unless its page is the one open. */
  protected readonly shown = computed(() => {
    const phase = this.calls.phase();
    const live = phase === 'ringing-in' || phase === 'ringing-out' || phase === 'on';
    return live && !this.calls.onCallPage() ? this.calls.call() : null;
  });
  protected readonly path = callPath;

  protected message(call: Parameters<typeof endMessage>[0]): string {
    return endMessage(call, this.t().calls.ended);
  }

  protected async cancel(callId: string): Promise<void> {
    await this.submission.run(() => this.calls.cancel(callId));
  }
}
