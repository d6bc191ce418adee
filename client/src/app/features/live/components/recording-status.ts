import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';

/** What became of the recording once the presenter pressed Stop: saving, saved (with a link), or too short. */
@Component({
  selector: 'app-recording-status',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = t().live.recording;
    @if (recording(); as recording) {
      @if (recording.videoId; as videoId) {
        <p role="status" class="saved" data-testid="recording-saved">{{ r.saved }} ·
          <a [routerLink]="['/videos', videoId]" data-testid="recording-link">{{ r.watch }}</a></p>
      } @else {
        <p role="status" data-testid="recording-too-short">{{ r.tooShort }}</p>
      }
    } @else if (saving()) {
      <p role="status" data-testid="recording-saving">{{ r.saving }}</p>
    }
  `,
  styles: `
    p { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-surface-container-high); }
    .saved { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    a { color: inherit; font-weight: 600; }
  `,
})
export class RecordingStatus {
  /** Stop was pressed and the api has not answered yet. */
  readonly saving = input(false);
  readonly recording = input<{ videoId: string | null } | null>(null);
  protected readonly t = inject(I18n).t;
}
