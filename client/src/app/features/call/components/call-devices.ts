import { ChangeDetectionStrategy, Component, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { I18n } from '../../../core/i18n/i18n.service';
import { ApplyCaptureDevice, CaptureDeviceSelects } from '../../../shared/media/capture/capture-device-selects';
import {
  CaptureDevices, CaptureProblem, captureProblem, trackKindOf,
} from '../../../shared/media/capture/capture-devices.service';
import { CallMediaLink } from '../services/call-media-link';

/**
 * "Camera and microphone" during a call (while it rings and once it is on): a toggle that opens the
 * two device selects. A choice switches the device this party sends at once (the call goes on) and is
 * remembered for the next call or live; when the device cannot start, the previous one goes on and
 * the reason is shown.
 */
@Component({
  selector: 'app-call-devices',
  imports: [MatButtonModule, CaptureDeviceSelects],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let m = t().calls;
    <button #toggle mat-stroked-button type="button" (click)="setOpen(!open())" [attr.aria-expanded]="open()"
            aria-controls="call-devices-panel" data-testid="call-devices-toggle">{{ m.devices }}</button>
    <div id="call-devices-panel" class="panel" role="group" [attr.aria-label]="m.devices" [hidden]="!open()"
         (keydown.escape)="close()" data-testid="call-devices">
      <app-capture-device-selects [apply]="apply" />
      @if (problem(); as problem) {
        <p class="problem" role="alert" data-testid="call-device-problem" [attr.data-problem]="problem">
          {{ m.deviceNotSwitched }} {{ t().live.devices.problems[problem] }}</p>
      }
    </div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; min-width: 0; }
    .panel { align-self: stretch; max-width: 640px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
    .panel[hidden] { display: none; }
    .problem { margin: 0; padding: 8px 12px; border-radius: 8px; overflow-wrap: anywhere;
      background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
  `,
})
export class CallDevices {
  /** The call's publishing media (this party's camera and microphone). */
  readonly link = input.required<CallMediaLink>();
  private readonly devices = inject(CaptureDevices);
  protected readonly t = inject(I18n).t;
  protected readonly open = signal(false);
  protected readonly problem = signal<CaptureProblem | null>(null);
  private readonly toggle = viewChild.required('toggle', { read: ElementRef<HTMLButtonElement> });

  protected setOpen(open: boolean): void {
    this.open.set(open);
    this.problem.set(null);
    if (open) void this.showDevices();
  }

  protected close(): void {
    this.setOpen(false);
    this.toggle().nativeElement.focus();
  }

  protected readonly apply: ApplyCaptureDevice = async (kind, id) => {
    this.problem.set(null);
    try {
      await this.link().replaceCapture(trackKindOf(kind), this.devices.trackConstraints(kind, id));
      return true;
    } catch (error) {
      console.warn(`OnAir: the ${kind} could not be switched`, error);
      this.problem.set(captureProblem(error));
      return false;
    }
  };

  /** Lists the devices, each select showing the one the call sends now. */
  private async showDevices(): Promise<void> {
    await this.devices.refresh();
    for (const kind of ['camera', 'microphone'] as const) {
      this.devices.showInUse(kind, this.link().capturedTrack(trackKindOf(kind))?.getSettings().deviceId);
    }
  }
}
