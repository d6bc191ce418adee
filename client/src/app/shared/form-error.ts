import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ApiErrorCode } from '../core/graphql/api-error';
import { I18n } from '../core/i18n/i18n.service';

/** The message for a failed submit, chosen by the API's error code. */
@Component({
  selector: 'app-form-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (code(); as code) {
      <p class="error" role="alert" data-testid="form-error" [attr.data-error-code]="code">{{ message() }}</p>
    }
  `,
  styles: `
    .error { margin: 0; padding: 8px 12px; border-radius: 8px; font: var(--mat-sys-body-medium);
             background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class FormError {
  readonly code = input<ApiErrorCode | null>(null);
  /** Messages that say more in this place than the general ones (e.g. NOT_FOUND for a nickname). */
  readonly messages = input<Partial<Record<ApiErrorCode, string>>>({});
  private readonly t = inject(I18n).t;
  protected readonly message = computed(() => {
    const code = this.code();
    return code ? (this.messages()[code] ?? this.t().errors[code]) : '';
  });
}
