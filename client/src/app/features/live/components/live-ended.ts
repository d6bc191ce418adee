import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { RecordingState } from '../services/live-recording.service';
import { RecordingStatus } from './recording-status';

/**
 * Over an ended live's player (in place of its stopped, black picture): the live has ended, why,
 * and its recording once filed. Place it in a positioned container holding the player.
 */
@Component({
  selector: 'app-live-ended',
  imports: [RecordingStatus],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-live': 'polite', 'data-testid': 'live-ended', '[attr.data-reason]': 'reason()' },
  template: `
    @if (posterUrl(); as poster) {
      <img class="poster" [src]="poster" alt="" />
    }
    <div class="panel">
      <h3>{{ t().live.ended }}</h3>
      @if (reasonText(); as text) {
        <p class="reason" data-testid="live-ended-reason">{{ text }}</p>
      }
      <app-recording-status [state]="recording()" [audience]="audience()" />
    </div>
  `,
  styles: `
    :host { position: absolute; inset: 0; z-index: 2; display: flex; align-items: center; justify-content: center; padding: 16px;
      overflow: auto; background: var(--mat-sys-inverse-surface); color: var(--mat-sys-inverse-on-surface); }
    .poster { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; opacity: 0.25; }
    .panel { position: relative; display: flex; flex-direction: column; align-items: center; gap: 12px; max-width: 420px;
      text-align: center; }
    h3 { margin: 0; font: var(--mat-sys-title-large); }
    .reason { margin: 0; font: var(--mat-sys-body-medium); }
    @media (max-width: 480px) { :host { padding: 8px; } .panel { gap: 8px; } h3 { font: var(--mat-sys-title-medium); } }
  `,
})
export class LiveEnded {
  readonly audience = input<'presenter' | 'viewer'>('viewer');
  /** Why it ended (LIVE_ENDED's reason), when known. */
  readonly reason = input<string | null>(null);
  readonly recording = input<RecordingState | null>(null);
  readonly posterUrl = input<string | null>(null);
  protected readonly t = inject(I18n).t;
  protected readonly reasonText = computed(() => {
    const reason = this.reason();
    return reason ? ((this.t().live.endedReason[this.audience()] as Readonly<Record<string, string>>)[reason] ?? null) : null;
  });
}
