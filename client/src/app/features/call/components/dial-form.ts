import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { CallService } from '../services/call.service';

/** Calls someone by nickname (online or not: an offline callee is told at once). */
@Component({
  selector: 'app-dial-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let h = t().calls.history;
    <form [formGroup]="form" (ngSubmit)="dial()" [attr.aria-label]="h.dialTitle">
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ h.nickname }}</mat-label>
        <input matInput [formControl]="nickname" maxlength="64" autocomplete="off" autocapitalize="off" spellcheck="false"
               data-testid="dial-nickname" />
        @if (nickname.hasError('required')) {
          <mat-error>{{ h.nicknameRequired }}</mat-error>
        }
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="busy() || calls.busy()" data-testid="dial-submit">{{ h.dial }}</button>
    </form>
    <app-form-error [code]="error()" [messages]="{ NOT_FOUND: h.noSuchUser, BAD_USER_INPUT: h.notYourself }" />
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    form { display: flex; align-items: flex-start; gap: 8px; }
    mat-form-field { flex: 1; min-width: 0; }
    button { margin-top: 8px; }
  `,
})
export class DialForm {
  protected readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;
  protected readonly nickname = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly form = new FormGroup({ nickname: this.nickname });
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;

  protected async dial(): Promise<void> {
    this.nickname.markAsTouched();
    const nickname = this.nickname.value.trim();
    if (!nickname || this.busy()) return;
    await this.submission.run(async () => {
      await this.calls.dial(nickname);
    });
  }
}
