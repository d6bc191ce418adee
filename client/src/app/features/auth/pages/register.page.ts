import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../../core/auth/auth.service';
import { refusedFields } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { AuthCard } from '../components/auth-card';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { AVATAR_URL_PATTERN, NICKNAME_VALIDATORS, PASSWORD_MIN_LENGTH } from '../validation';
import { AUTH_FORM_STYLES } from './auth-form.styles';

@Component({
  selector: 'app-register-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-auth-card [heading]="t().register.title">
      <form [formGroup]="form" (ngSubmit)="submit()" data-testid="register-form">
        <app-form-error [code]="error()" />
        <mat-form-field>
          <mat-label>{{ t().auth.nickname }}</mat-label>
          <input matInput formControlName="nickname" autocomplete="username" maxlength="32"
                 data-testid="register-nickname" />
          <mat-error>
            @let n = form.controls.nickname;
            {{ n.hasError('required') ? t().auth.nicknameRequired : n.hasError('refused') ? t().auth.nicknameCharacters : t().auth.nicknameLength }}
          </mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t().auth.password }}</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="new-password"
                 data-testid="register-password" />
          <mat-error>
            {{ form.controls.password.hasError('required') ? t().auth.passwordRequired : t().auth.passwordLength }}
          </mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t().auth.avatarUrl }}</mat-label>
          <input matInput type="url" formControlName="avatarUrl" autocomplete="photo" data-testid="register-avatar" />
          <mat-error>{{ t().auth.avatarUrlInvalid }}</mat-error>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="register-submit">
          {{ t().register.submit }}
        </button>
      </form>
      <p footer>
        {{ t().register.haveAccount }}
        <a routerLink="/login" data-testid="to-login">{{ t().register.toLogin }}</a>
      </p>
    </app-auth-card>
  `,
  styles: AUTH_FORM_STYLES,
})
export class RegisterPage {
  protected readonly t = inject(I18n).t;
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;
  protected readonly form = inject(NonNullableFormBuilder).group({
    nickname: ['', NICKNAME_VALIDATORS],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    avatarUrl: ['', Validators.pattern(AVATAR_URL_PATTERN)],
  });

  protected async submit(): Promise<void> {
    const nickname = this.form.controls.nickname;
    nickname.setValue(nickname.value.trim());
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    await this.submission.run(async () => {
      const { password, avatarUrl } = this.form.getRawValue();
      try {
        await this.auth.register({ nickname: nickname.value, password, avatarUrl: avatarUrl.trim() || null });
      } catch (error) {
        this.markRefused(error);
        throw error;
      }
      await this.router.navigateByUrl('/');
    });
  }

  /**
   * Marks the fields the API refused (a nickname with characters it does not take, an avatar on a
   * local address) so each says why under it until it changes.
   */
  private markRefused(error: unknown): void {
    const refused = refusedFields(error);
    for (const name of ['nickname', 'avatarUrl'] as const) {
      if (!refused.includes(name)) continue;
      const control = this.form.controls[name];
      control.setErrors({ refused: true });
      control.markAsTouched();
    }
  }
}
