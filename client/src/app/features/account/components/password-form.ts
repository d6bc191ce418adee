import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  AbstractControl, FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { I18n } from '../../../core/i18n/i18n.service';
import { apiErrorCode, refusedFields } from '../../../core/graphql/api-error';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { PASSWORD_MIN_LENGTH } from '../../auth/validation';
import { AccountService } from '../services/account.service';

/** The longest password the API takes. */
const PASSWORD_MAX_LENGTH = 256;

/** The confirmation matches the new password (checked on the confirmation, so its field shows it). */
function sameAsNewPassword(control: AbstractControl): ValidationErrors | null {
  const next = control.parent?.get('newPassword')?.value;
  return control.value && next !== undefined && control.value !== next ? { mismatch: true } : null;
}

/** Current, new and repeated password; the server signs every other session out on success. */
@Component({
  selector: 'app-password-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = t().account.password;
    <p class="note">{{ p.note }}</p>
    <form [formGroup]="form" #f="ngForm" (ngSubmit)="submit(f)" data-testid="password-form" novalidate>
      <!-- A username field lets password managers tell which account this is. -->
      <input type="text" autocomplete="username" [value]="nickname()" hidden readonly />
      <mat-form-field appearance="outline">
        <mat-label>{{ p.current }}</mat-label>
        <input #current matInput type="password" formControlName="currentPassword" autocomplete="current-password"
          data-testid="account-current-password" />
        <mat-error>{{ form.controls.currentPassword.hasError('wrong') ? p.currentWrong : p.currentRequired }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ p.new }}</mat-label>
        <input matInput type="password" formControlName="newPassword" autocomplete="new-password" [maxlength]="max"
          data-testid="account-new-password" />
        <mat-error>{{ form.controls.newPassword.hasError('required') ? p.newRequired : p.newLength }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ p.confirm }}</mat-label>
        <input matInput type="password" formControlName="confirm" autocomplete="new-password" [maxlength]="max"
          data-testid="account-confirm-password" />
        <mat-error>{{ form.controls.confirm.hasError('mismatch') ? p.mismatch : p.confirmRequired }}</mat-error>
      </mat-form-field>
      <app-form-error [code]="changing.error()" />
      @if (changed()) {
        <p class="success" role="status" data-testid="account-password-changed">{{ p.changed }}</p>
      }
      <button mat-flat-button type="submit" [disabled]="changing.busy()" data-testid="account-password-submit">{{ p.submit }}</button>
    </form>
  `,
  styles: `
    :host { display: block; }
    .note { margin: 0 0 16px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    form { display: flex; flex-direction: column; gap: 8px; }
    mat-form-field { width: 100%; }
    button[type=submit] { align-self: flex-start; margin-top: 8px; }
    app-form-error { display: block; margin-bottom: 8px; }
    .success { margin: 0 0 8px; padding: 8px 12px; border-radius: 8px; font: var(--mat-sys-body-medium);
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
  `,
})
export class PasswordForm {
  private readonly account = inject(AccountService);
  protected readonly nickname = computed(() => this.account.profile()?.nickname ?? '');
  protected readonly t = inject(I18n).t;
  protected readonly max = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)]],
    confirm: ['', [Validators.required, sameAsNewPassword]],
  });
  protected readonly changing = new Submission();
  protected readonly changed = signal(false);
  private readonly currentInput = viewChild.required<ElementRef<HTMLInputElement>>('current');

  constructor() {
    this.form.controls.newPassword.valueChanges.pipe(takeUntilDestroyed())
      .subscribe(() => this.form.controls.confirm.updateValueAndValidity({ emitEvent: false }));
  }

  protected async submit(directive: FormGroupDirective): Promise<void> {
    if (this.form.invalid || this.changing.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.changed.set(false);
    const { currentPassword, newPassword } = this.form.getRawValue();
    await this.changing.run(async () => {
      try {
        await this.account.changePassword(currentPassword, newPassword);
      } catch (error) {
        if (apiErrorCode(error) === 'INVALID_CREDENTIALS' || refusedFields(error).includes('currentPassword')) {
          const current = this.form.controls.currentPassword;
          current.setErrors({ wrong: true });
          current.markAsTouched();
          this.currentInput().nativeElement.focus();
          return;
        }
        if (refusedFields(error).includes('newPassword')) {
          this.form.controls.newPassword.setErrors({ minlength: true });
          this.form.controls.newPassword.markAsTouched();
          return;
        }
        throw error;
      }
      directive.resetForm(); // not just the controls: a submitted form would show the emptied fields as errors
      this.changed.set(true);
    });
  }
}
