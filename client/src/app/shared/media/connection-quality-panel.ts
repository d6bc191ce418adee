import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ConnectionQuality } from '../../core/media/connection-quality';
import { I18n } from '../../core/i18n/i18n.service';

/** Bitrate, packet loss and round-trip time of one media connection (a presenter's, a call party's). */
@Component({
  selector: 'app-connection-quality-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let q = quality();
    @let m = t().media.quality;
    @let id = testIdPrefix();
    @if (label(); as label) {
      <p class="label" aria-hidden="true">{{ label }}</p>
    }
    <dl [attr.aria-label]="label()">
      <div><dt>{{ m.bitrate }}</dt>
        <dd [attr.data-testid]="id + '-bitrate'" [attr.data-value]="q?.bitrateKbps ?? null">{{ q ? m.kbps(q.bitrateKbps) : m.unknown }}</dd></div>
      <div><dt>{{ m.loss }}</dt>
        <dd [attr.data-testid]="id + '-loss'" [attr.data-value]="q?.packetLossPct ?? null">
          {{ q?.packetLossPct != null ? m.percent(q!.packetLossPct!) : m.unknown }}</dd></div>
      <div><dt>{{ m.rtt }}</dt>
        <dd [attr.data-testid]="id + '-rtt'" [attr.data-value]="q?.rttMs ?? null">{{ q?.rttMs != null ? m.ms(q!.rttMs!) : m.unknown }}</dd></div>
    </dl>
  `,
  styles: `
    :host { display: block; }
    .label { margin: 8px 0 0; font: var(--mat-sys-label-large); }
    dl { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 8px 0 0; }
    .label + dl { margin-top: 2px; }
    div { display: flex; flex-direction: column; }
    dt { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-title-small); font-variant-numeric: tabular-nums; }
  `,
})
export class ConnectionQualityPanel {
  readonly quality = input<ConnectionQuality | null>(null);
  /** Says which connection this is when a page shows more than one ("Sending", "Receiving"). */
  readonly label = input<string | null>(null);
  /** Test ids of the figures: `<prefix>-bitrate`, `<prefix>-loss`, `<prefix>-rtt`. */
  readonly testIdPrefix = input('stats');
  protected readonly t = inject(I18n).t;
}
