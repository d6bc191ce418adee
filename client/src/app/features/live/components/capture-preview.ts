import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../../core/i18n/i18n.service';
import { StreamVideo } from '../../../shared/media/stream-video';
import { CaptureDevices } from '../../../shared/media/capture/capture-devices.service';
import { PlayerNotice } from './player-notice';

/**
 * Before going live: the camera's picture and the microphone's level, straight from the browser (from
 * the devices chosen in CaptureDeviceSelects); what went wrong (no permission, no device, device busy)
 * in words a person can act on, and Try again. The preview itself is started and stopped by the page.
 */
@Component({
  selector: 'app-capture-preview',
  imports: [MatButtonModule, PlayerNotice, StreamVideo],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let d = t().live.devices;
    <app-stream-video [stream]="devices.preview()" [muted]="true" testId="camera-preview" [label]="d.preview">
      @if (devices.starting()) {
        <app-player-notice [text]="d.previewStarting" data-testid="camera-preview-starting" />
      }
    </app-stream-video>
    <div class="meter">
    <span class="meter-label" aria-hidden="true">{{ d.level }}</span>
    <div class="level" role="meter" aria-valuemin="0" aria-valuemax="100" [attr.aria-valuenow]="levelPercent()"
         [attr.aria-label]="d.level" data-testid="microphone-level" [attr.data-level]="levelPercent()">
      <span class="bar" [style.width.%]="levelPercent()"></span>
    </div>
    </div>
    @if (devices.problem(); as problem) {
      <div class="problem" role="alert" data-testid="capture-problem" [attr.data-problem]="problem">
        <p>{{ d.problems[problem] }}</p>
        <button mat-stroked-button type="button" (click)="devices.startPreview()" data-testid="capture-retry">{{ d.retry }}</button>
      </div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 12px; min-width: 0; }
    .meter { display: flex; align-items: center; gap: 12px; }
    .meter-label { flex: none; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .level { flex: 1; height: 6px; border-radius: 3px; overflow: hidden; background: var(--mat-sys-surface-container-highest); }
    .bar { display: block; height: 100%; background: var(--mat-sys-primary); transition: width 100ms linear; }
    .problem { display: flex; flex-direction: column; align-items: flex-start; gap: 8px; padding: 12px; border-radius: 8px;
      background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .problem p { margin: 0; }
  `,
})
export class CapturePreview {
  protected readonly devices = inject(CaptureDevices);
  protected readonly t = inject(I18n).t;
  protected readonly levelPercent = computed(() => Math.round(this.devices.level() * 100));
}
