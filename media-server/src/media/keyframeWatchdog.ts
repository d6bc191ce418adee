/** How often the watchdog looks at the clock. */
export const WATCHDOG_CHECK_MS = 100;
/**
 * It asks once this share of the interval has passed without a key frame: the rest is left for the
 * request to reach the encoder and the key frame to come back, even on a loaded machine.
 */
export const WATCHDOG_ASK_AT = 0.75;
/**
 * A request of its own younger than this is still awaited, not repeated (libwebrtc ignores a request
 * within 300 ms of the last one it acted on, and that one's key frame is on its way).
 */
export const WATCHDOG_RETRY_MS = 400;

/**
 * Keeps key frames coming at least every `intervalMs` while it runs: every key frame (whoever asked
 * for it) restarts its clock, and when none has come for WATCHDOG_ASK_AT of the interval it asks for
 * one, at most once per WATCHDOG_RETRY_MS. Time spent stopped (a paused recording) does not count.
 * An interval of 0 disables it.
 */
export class KeyframeWatchdog {
  private timer?: NodeJS.Timeout;
  private lastKeyframe = 0;
  private lastRequest = -Infinity;
  private stoppedAt?: number;
  /** A key frame is needed now (not when the interval runs out): asked for until one comes. */
  private overdue = false;

  constructor(
    readonly intervalMs: number,
    private readonly ask: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts watching, or resumes: the time between the last key frame and stop() still counts. */
  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    const now = this.now();
    this.lastKeyframe = this.stoppedAt === undefined ? now : now - (this.stoppedAt - this.lastKeyframe);
    this.stoppedAt = undefined;
    this.timer = setInterval(() => this.check(), WATCHDOG_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stoppedAt = this.now();
  }

  /** A key frame went through (restarts the clock). */
  keyframe(): void {
    this.lastKeyframe = this.now();
    this.overdue = false;
  }

  /** Something is waiting for a key frame (a recording going on after a pause): ask until one comes. */
  needNow(): void {
    this.overdue = true;
  }

  /** The owner has just asked for a key frame itself (e.g. when recording starts): counts as the watchdog's request. */
  asked(): void {
    this.lastRequest = this.now();
  }

  /** One look at the clock (run every WATCHDOG_CHECK_MS while started). */
  check(): void {
    if (!this.timer) return;
    const now = this.now();
    if (!this.overdue && now - this.lastKeyframe < this.intervalMs * WATCHDOG_ASK_AT) return;
    if (now - this.lastRequest < WATCHDOG_RETRY_MS) return;
    this.lastRequest = now;
    this.ask();
  }
}
