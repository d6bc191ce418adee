import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';

/** The attribution the location data's licence asks for, shown wherever locations are. */
@Component({
  selector: 'app-location-credit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p data-testid="location-credit">{{ t().videos.locationCredit }}</p>`,
  styles: `p { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }`,
})
export class LocationCredit {
  protected readonly t = inject(I18n).t;
}
