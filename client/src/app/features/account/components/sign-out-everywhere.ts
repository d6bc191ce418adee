import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, Injector, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { AccountService } from '../services/account.service';

/** "Sign out everywhere", asked once more before it revokes every session (this one too). */
@Component({
  selector: 'app-sign-out-everywhere',
  imports: [MatButtonModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = t().account.sessions;
    <p class="note">{{ s.explain }}</p>
    @if (confirming()) {
      <div class="confirm" role="group" [attr.aria-label]="s.title" (keydown.escape)="cancel()" data-testid="sign-out-everywhere-confirmation">
        <p>{{ s.confirm }}</p>
        <div class="actions">
          <button #yes mat-flat-button type="button" class="danger" (click)="signOut()" [disabled]="running.busy()"
            data-testid="sign-out-everywhere-confirm">{{ s.confirmYes }}</button>
          <button mat-button type="button" (click)="cancel()" [disabled]="running.busy()"
            data-testid="sign-out-everywhere-cancel">{{ s.cancel }}</button>
        </div>
      </div>
    } @else {
      <button #start mat-stroked-button type="button" (click)="ask()" data-testid="sign-out-everywhere">{{ s.start }}</button>
    }
    <app-form-error [code]="running.error()" />
  `,
  styles: `
    :host { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; }
    .note { margin: 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .confirm { align-self: stretch; padding: 12px; border-radius: 8px; background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container); }
    .confirm p { margin: 0 0 12px; font: var(--mat-sys-body-large); }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .danger { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    app-form-error { display: block; align-self: stretch; }
  `,
})
export class SignOutEverywhere {
  private readonly account = inject(AccountService);
  private readonly injector = inject(Injector);
  protected readonly t = inject(I18n).t;
  protected readonly confirming = signal(false);
  protected readonly running = new Submission();
  private readonly yes = viewChild('yes', { read: ElementRef<HTMLButtonElement> });
  private readonly start = viewChild('start', { read: ElementRef<HTMLButtonElement> });

  protected ask(): void {
    this.confirming.set(true);
    afterNextRender(() => this.yes()?.nativeElement.focus(), { injector: this.injector });
  }

  protected cancel(): void {
    if (this.running.busy()) return;
    this.confirming.set(false);
    afterNextRender(() => this.start()?.nativeElement.focus(), { injector: this.injector });
  }

  /** On success the session ends here too: the app goes to the sign-in page. */
  protected async signOut(): Promise<void> {
    await this.running.run(() => this.account.logoutEverywhere());
  }
}
