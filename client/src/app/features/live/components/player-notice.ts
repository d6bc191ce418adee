import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

/**
 * A notice over a live's player while its picture is away ("Presenter reconnecting…"): a scrim over
 * the (frozen or empty) video with a spinner and the text, announced to assistive technologies.
 * Place it in a positioned container holding the player.
 */
@Component({
  selector: 'app-player-notice',
  imports: [MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-live': 'polite' },
  template: `
    <mat-progress-spinner mode="indeterminate" diameter="32" strokeWidth="3" aria-hidden="true" />
    <span>{{ text() }}</span>
  `,
  styles: `
    :host { position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center;
      gap: 12px; padding: 16px; border-radius: 12px; text-align: center; background: rgb(0 0 0 / 60%); color: #fff;
      font: var(--mat-sys-title-medium); --mat-progress-spinner-active-indicator-color: #fff; }
  `,
})
export class PlayerNotice {
  readonly text = input.required<string>();
}
