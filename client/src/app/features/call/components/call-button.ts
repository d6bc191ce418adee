import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { AuthService } from '../../../core/auth/auth.service';
import { apiErrorCode } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { CallNotices } from '../services/call-notices';
import { CallService } from '../services/call.service';

/**
 * Calls a user (not shown for yourself): the call's page opens, ringing or telling at once that
 * they are offline or busy. Disabled while a call of yours rings or is on.
 */
@Component({
  selector: 'app-call-button',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (!self()) {
      <button mat-stroked-button type="button" (click)="dial()" [disabled]="dialling() || calls.busy()"
              [attr.aria-label]="ariaLabel() ?? t().calls.callUser(nickname())"
              [attr.title]="calls.busy() ? t().calls.youAreInACall : null"
              data-testid="call-user" [attr.data-nickname]="nickname()">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18"><path fill="currentColor"
          d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2z"/></svg>
        {{ text() ?? t().calls.call }}
      </button>
    }
  `,
  styles: `
    :host { display: inline-flex; }
    svg { margin-right: 6px; vertical-align: -3px; }
  `,
})
export class CallButton {
  readonly userId = input.required<string>();
  readonly nickname = input.required<string>();
  /** The button's text ("Call" unless told) and accessible name ("Call <nickname>" unless told). */
  readonly text = input<string | null>(null);
  readonly ariaLabel = input<string | null>(null);
  protected readonly calls = inject(CallService);
  private readonly notices = inject(CallNotices);
  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18n).t;
  protected readonly dialling = signal(false);
  protected readonly self = computed(() => this.auth.user()?.id === this.userId());

  protected async dial(): Promise<void> {
    this.dialling.set(true);
    try {
      await this.calls.dial(this.nickname());
    } catch (error) {
      this.notices.show({ kind: 'error', code: apiErrorCode(error) });
    } finally {
      this.dialling.set(false);
    }
  }
}
