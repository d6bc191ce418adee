import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { RecordingState } from '../services/live-recording.service';

/**
 * What became of an ended live's recording: being saved, saved (with a link to the video), or none
 * (too short to keep) — in the presenter's words ("Recording saved") or a viewer's ("Recorded").
 */
@Component({
  selector: 'app-recording-status',
  imports: [MatProgressSpinnerModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = state();
    @let w = words();
    @if (savedVideo(); as videoId) {
      <p class="saved" data-testid="recording-saved">{{ w.saved }} ·
        <a [routerLink]="['/videos', videoId]" data-testid="recording-link">{{ w.watch }}</a></p>
    } @else if (s?.kind === 'none') {
      <p data-testid="recording-too-short">{{ w.none }}</p>
    } @else if (s?.kind === 'saving') {
      <p data-testid="recording-saving">
        <mat-progress-spinner mode="indeterminate" diameter="18" strokeWidth="2" aria-hidden="true" />{{ w.saving }}</p>
    }
  `,
  styles: `
    p { display: flex; align-items: center; flex-wrap: wrap; gap: 4px 8px; margin: 0; padding: 10px 12px; border-radius: 8px;
      background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface); }
    .saved { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    a { color: inherit; font-weight: 600; }
  `,
})
export class RecordingStatus {
  readonly state = input<RecordingState | null>(null);
  /** Whose words: the presenter's ("Recording saved", "too short to keep") or a viewer's. */
  readonly audience = input<'presenter' | 'viewer'>('presenter');
  protected readonly t = inject(I18n).t;
  protected readonly savedVideo = computed(() => {
    const state = this.state();
    return state?.kind === 'saved' ? state.videoId : null;
  });
  protected readonly words = computed(() => {
    const r = this.t().live.recording;
    return this.audience() === 'presenter'
      ? { saving: r.saving, saved: r.saved, watch: r.watch, none: r.tooShort }
      : { saving: r.viewerSaving, saved: r.viewerSaved, watch: r.viewerWatch, none: r.viewerNone };
  });
}
