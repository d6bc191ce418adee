import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { I18n } from '../../../core/i18n/i18n.service';
import { CaptureDevices, CaptureKind } from './capture-devices.service';

/**
 * Takes a chosen device into use; resolves whether it did (false: the previous device stays).
 */
export type ApplyCaptureDevice = (kind: CaptureKind, id: string) => Promise<boolean>;

/**
 * The camera and the microphone to go live or call with, by the names the browser gives them (once the
 * user allowed capture; numbered until then). A choice is remembered and switches the preview at once;
 * with `apply` (a running call), it is taken into use first, and kept only if that worked.
 * Until the devices are listed each select offers only the default (never disabled: Material draws a
 * disabled field's label too faint to read).
 */
@Component({
  selector: 'app-capture-device-selects',
  imports: [MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let d = t().live.devices;
    @for (kind of kinds; track kind) {
      @let chosen = devices.chosenOf(kind)();
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ d[kind] }}</mat-label>
        <select matNativeControl [value]="chosen ?? ''" (change)="choose(kind, $event)" [attr.data-testid]="kind + '-select'">
          @if (!chosen) { <option value="">{{ d.defaultDevice }}</option> }
          @for (device of devices.devicesOf(kind)(); track device.id; let i = $index) {
            <option [value]="device.id" [selected]="device.id === chosen">
              {{ device.label || (kind === 'camera' ? d.unnamedCamera(i + 1) : d.unnamedMicrophone(i + 1)) }}</option>
          }
        </select>
      </mat-form-field>
    }
  `,
  styles: `
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
    mat-form-field { min-width: 0; }
    select { text-overflow: ellipsis; }
  `,
})
export class CaptureDeviceSelects {
  protected readonly devices = inject(CaptureDevices);
  protected readonly t = inject(I18n).t;
  protected readonly kinds: readonly CaptureKind[] = ['camera', 'microphone'];

  /** Set while the devices are in use (a call): a choice must switch them before it is kept. */
  readonly apply = input<ApplyCaptureDevice | null>(null);

  protected async choose(kind: CaptureKind, event: Event): Promise<void> {
    const select = event.target as HTMLSelectElement;
    const id = select.value || null;
    const apply = this.apply();
    if (!apply || !id) {
      this.devices.select(kind, id);
      return;
    }
    if (await apply(kind, id)) {
      this.devices.select(kind, id);
    } else {
      // Not switched: the select shows the device still in use.
      select.value = this.devices.chosenOf(kind)() ?? '';
    }
  }
}
