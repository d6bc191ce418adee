import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ConnectionQuality } from '../../../core/media/connection-quality';
import { I18n } from '../../../core/i18n/i18n.service';

/** Bitrate, packet loss and round-trip time of the presenter's connection. */
@Component({
  selector: 'app-connection-quality-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let q = quality();
    @let m = t().live.quality;
    <dl>
      <div><dt>{{ m.bitrate }}</dt>
        <dd data-testid="stats-bitrate" [attr.data-value]="q?.bitrateKbps ?? null">{{ q ? m.kbps(q.bitrateKbps) : m.unknown }}</dd></div>
      <div><dt>{{ m.loss }}</dt>
        <dd data-testid="stats-loss" [attr.data-value]="q?.packetLossPct ?? null">
          {{ q?.packetLossPct != null ? m.percent(q!.packetLossPct!) : m.unknown }}</dd></div>
      <div><dt>{{ m.rtt }}</dt>
        <dd data-testid="stats-rtt" [attr.data-value]="q?.rttMs ?? null">{{ q?.rttMs != null ? m.ms(q!.rttMs!) : m.unknown }}</dd></div>
    </dl>
  `,
  styles: `
    dl { display: flex; gap: 24px; margin: 8px 0 0; }
    div { display: flex; flex-direction: column; }
    dt { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-title-small); font-variant-numeric: tabular-nums; }
  `,
})
export class ConnectionQualityPanel {
  readonly quality = input<ConnectionQuality | null>(null);
  protected readonly t = inject(I18n).t;
}
