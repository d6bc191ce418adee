import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { debounceTime } from 'rxjs';
import { refusedFields } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { AVATAR_URL_PATTERN } from '../../auth/validation';
import { AccountProfile, AccountService } from '../services/account.service';
import { AvatarPreview } from './avatar-preview';

/** The avatar URL the API stores at most. */
const AVATAR_URL_MAX = 2048;
/** The preview follows typing once it pauses (not a picture request per key). */
const PREVIEW_DEBOUNCE_MS = 500;

/** Nickname (read only), avatar preview and the avatar URL: save a new one or remove it. */
@Component({
  selector: 'app-profile-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError, AvatarPreview],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let p = t().account.profile;
    <dl class="nickname">
      <dt>{{ p.nickname }}</dt>
      <dd data-testid="account-nickname">{{ profile().nickname }}</dd>
    </dl>
    <app-avatar-preview [nickname]="profile().nickname" [url]="previewUrl()" [label]="p.preview"
      [failedText]="p.previewFailed" [noneText]="p.noAvatar" />
    <form [formGroup]="form" (ngSubmit)="save()" class="avatar-form" data-testid="profile-form" novalidate>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ p.avatarUrl }}</mat-label>
        <input matInput type="url" inputmode="url" formControlName="avatarUrl" autocomplete="photo" [maxlength]="max"
          data-testid="account-avatar-url" />
        <mat-hint>{{ p.avatarHint }}</mat-hint>
        <mat-error data-testid="account-avatar-error">{{ p.avatarInvalid }}</mat-error>
      </mat-form-field>
      <div class="actions">
        <button mat-flat-button type="submit" [disabled]="saving.busy()" data-testid="account-avatar-save">{{ p.save }}</button>
        @if (profile().avatarUrl) {
          <button mat-stroked-button type="button" (click)="remove()" [disabled]="saving.busy()"
            data-testid="account-avatar-remove">{{ p.remove }}</button>
        }
      </div>
      <app-form-error [code]="saving.error()" />
      @if (saved(); as message) {
        <p class="success" role="status" data-testid="account-profile-saved">{{ message }}</p>
      }
    </form>
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    .nickname { margin: 0; }
    dt { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-title-medium); overflow-wrap: anywhere; }
    .avatar-form { display: flex; flex-direction: column; gap: 12px; }
    mat-form-field { width: 100%; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .success { margin: 0; padding: 8px 12px; border-radius: 8px; font: var(--mat-sys-body-medium);
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
  `,
})
export class ProfileForm implements OnInit {
  readonly profile = input.required<AccountProfile>();
  private readonly account = inject(AccountService);
  protected readonly t = inject(I18n).t;
  protected readonly max = AVATAR_URL_MAX;
  protected readonly avatarUrl = new FormControl('', {
    nonNullable: true, validators: [Validators.pattern(AVATAR_URL_PATTERN), Validators.maxLength(AVATAR_URL_MAX)],
  });
  protected readonly form = new FormGroup({ avatarUrl: this.avatarUrl });
  protected readonly saving = new Submission();
  protected readonly saved = signal<string | null>(null);
  /** The field's value for the preview: typing shows once it pauses, a value set here at once. */
  private readonly typed = signal('');

  /** The typed address when it looks like a picture's, none when the field is empty, else the saved avatar. */
  protected readonly previewUrl = computed(() => {
    const typed = this.typed().trim();
    if (!typed) return null;
    return AVATAR_URL_PATTERN.test(typed) ? typed : this.profile().avatarUrl;
  });

  constructor() {
    this.avatarUrl.valueChanges.pipe(debounceTime(PREVIEW_DEBOUNCE_MS), takeUntilDestroyed()).subscribe((value) => this.typed.set(value));
  }

  ngOnInit(): void {
    this.show(this.profile().avatarUrl ?? '');
  }

  protected async save(): Promise<void> {
    const value = this.avatarUrl.value.trim();
    this.avatarUrl.markAsTouched();
    if (this.avatarUrl.invalid || this.saving.busy()) return;
    await this.submit(value || null);
  }

  protected async remove(): Promise<void> {
    if (this.saving.busy()) return;
    await this.submit(null);
  }

  private show(url: string): void {
    this.avatarUrl.setValue(url);
    this.typed.set(url);
  }

  private async submit(url: string | null): Promise<void> {
    this.saved.set(null);
    await this.saving.run(async () => {
      let savedUrl: string | null;
      try {
        savedUrl = (await this.account.saveAvatar(url)).avatarUrl;
      } catch (error) {
        // The API refuses an address that is not public https (a local or private host): the field says so.
        if (!refusedFields(error).includes('avatarUrl')) throw error;
        this.avatarUrl.setErrors({ refused: true });
        this.avatarUrl.markAsTouched();
        return;
      }
      this.show(savedUrl ?? '');
      this.saved.set(savedUrl ? this.t().account.profile.saved : this.t().account.profile.removed);
    });
  }
}
