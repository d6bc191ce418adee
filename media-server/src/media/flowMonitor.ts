import { MediaInput, MediaOutput } from './stream';

export type FlowState = 'FLOWING' | 'NOT_FLOWING';
export type FlowDirection = 'in' | 'out';

const CHECK_MS = 1000;

/**
 * Watches the packet counters of an element's pads once a second and reports
 * FLOWING / NOT_FLOWING transitions. Costs nothing per packet beyond a counter increment.
 */
export class FlowMonitor {
  private readonly seen = new Map<MediaInput | MediaOutput, number>();
  private readonly state = new Map<MediaInput | MediaOutput, FlowState>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pads: () => { pad: MediaInput | MediaOutput; direction: FlowDirection }[],
    private readonly onChange: (direction: FlowDirection, pad: MediaInput | MediaOutput, state: FlowState) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), CHECK_MS);
    this.timer.unref();
  }

  /** Checks now (also used right after the first packets so FLOWING is reported quickly). */
  check(): void {
    for (const { pad, direction } of this.pads()) {
      const before = this.seen.get(pad) ?? 0;
      this.seen.set(pad, pad.packets);
      const current = this.state.get(pad) ?? 'NOT_FLOWING';
      const next: FlowState = pad.packets > before ? 'FLOWING' : 'NOT_FLOWING';
      if (next !== current) {
        this.state.set(pad, next);
        this.onChange(direction, pad, next);
      }
    }
  }

  isFlowing(pad: MediaInput | MediaOutput): boolean {
    return this.state.get(pad) === 'FLOWING';
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
