import {
  ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, output, signal, viewChild,
} from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';

/** Where a viewer's volume and mute choice is kept between visits. */
const PLAYER_SETTINGS_KEY = 'onair.player';

interface PlayerSettings {
  volume: number;
  muted: boolean;
}

function loadSettings(): PlayerSettings {
  try {
    const saved = JSON.parse(localStorage.getItem(PLAYER_SETTINGS_KEY) ?? 'null') as Partial<PlayerSettings> | null;
    const volume = typeof saved?.volume === 'number' && saved.volume >= 0 && saved.volume <= 1 ? saved.volume : 1;
    return { volume, muted: saved?.muted === true };
  } catch {
    return { volume: 1, muted: false };
  }
}

/** Safari on iPhones can only put the video element itself in full screen. */
type IosVideo = HTMLVideoElement & { webkitEnterFullscreen?: () => void; webkitSupportsFullscreen?: boolean };

/**
 * Plays a MediaStream. When the stream goes (null), the element is stopped cleanly: paused,
 * `srcObject` cleared and reloaded, so nothing keeps decoding. When the browser refuses to play
 * sound before the user has interacted with the page, it plays muted and offers a button that
 * turns the sound on.
 *
 * With `controls`, a bar over the picture offers mute, volume and full screen (its own buttons: a
 * live stream has nothing to seek); the volume and mute choice is remembered on this device.
 * Content placed inside (e.g. a notice over the picture) is shown over it, in full screen too.
 */
@Component({
  selector: 'app-stream-video',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.fullscreen]': 'fullscreen()' },
  template: `
    @let m = t().media;
    <video #video playsinline autoplay [muted]="muted() || soundOff()" [attr.data-testid]="testId()"
           [attr.data-playing]="stream() ? 'true' : 'false'" [attr.aria-label]="label()"
           (loadeddata)="onPicture()" (resize)="onPicture()"></video>
    <ng-content />
    @if (soundBlocked()) {
      <button type="button" class="sound" [class.above]="controls()" (click)="unmute()" data-testid="stream-sound-on">
        {{ m.soundOn }}</button>
    }
    @if (controls()) {
      <div class="controls" role="group" [attr.aria-label]="m.controls" data-testid="player-controls">
        <button type="button" class="control" (click)="toggleMute()" [attr.aria-label]="soundOff() ? m.unmute : m.mute"
                [attr.title]="soundOff() ? m.unmute : m.mute" data-testid="player-mute" [attr.data-muted]="soundOff()">
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path class="fill" d="M3 9.5h3.5L11 5.5v13l-4.5-4H3z" />
            @if (soundOff()) {
              <path d="M15 9.5l5 5M20 9.5l-5 5" />
            } @else {
              <path d="M14.5 9a4 4 0 0 1 0 6" />
              @if (volume() > 0.5) { <path d="M17 6.5a7.5 7.5 0 0 1 0 11" /> }
            }
          </svg>
        </button>
        <input type="range" min="0" max="1" step="0.05" [value]="soundOff() ? 0 : volume()" (input)="onVolume($event)"
               [attr.aria-label]="m.volume" [attr.aria-valuetext]="volumeText()" data-testid="player-volume" />
        <span class="gap"></span>
        @if (canFullscreen) {
          <button type="button" class="control" (click)="toggleFullscreen()"
                  [attr.aria-label]="fullscreen() ? m.exitFullscreen : m.fullscreen"
                  [attr.title]="fullscreen() ? m.exitFullscreen : m.fullscreen" data-testid="player-fullscreen">
            <svg viewBox="0 0 24 24" aria-hidden="true">
              @if (fullscreen()) {
                <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" />
              } @else {
                <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
              }
            </svg>
          </button>
        }
      </div>
    }
  `,
  styles: `
    :host { position: relative; display: block; background: #000; border-radius: 12px; overflow: hidden; aspect-ratio: 4 / 3; }
    :host(.fullscreen) { border-radius: 0; aspect-ratio: auto; width: 100%; height: 100%; }
    video { width: 100%; height: 100%; object-fit: contain; display: block; }
    .sound { position: absolute; left: 50%; bottom: 12px; transform: translateX(-50%); padding: 8px 16px; border: 0;
      border-radius: 20px; font: var(--mat-sys-label-large); cursor: pointer; z-index: 2;
      background: var(--mat-sys-inverse-surface); color: var(--mat-sys-inverse-on-surface); }
    .sound.above { bottom: 64px; }
    .controls { position: absolute; left: 0; right: 0; bottom: 0; z-index: 1; display: flex; align-items: center; gap: 4px;
      padding: 16px 8px 4px; background: linear-gradient(transparent, rgb(0 0 0 / 65%)); color: #fff; }
    .gap { flex: 1; }
    .control { display: inline-flex; align-items: center; justify-content: center; width: 44px; height: 44px; padding: 0;
      border: 0; border-radius: 50%; background: transparent; color: inherit; cursor: pointer; }
    .control:hover { background: rgb(255 255 255 / 15%); }
    .control svg { width: 26px; height: 26px; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round;
      stroke-linejoin: round; }
    .control svg .fill { fill: currentColor; }
    input[type='range'] { width: min(120px, 30%); accent-color: #fff; cursor: pointer; }
    .sound:focus-visible, .control:focus-visible, input[type='range']:focus-visible {
      outline: 3px solid #fff; outline-offset: 1px; }
  `,
})
export class StreamVideo {
  readonly stream = input<MediaStream | null>(null);
  /** The presenter's own loopback is muted (no echo); viewers hear the stream. */
  readonly muted = input(false);
  readonly testId = input<string | null>(null);
  /** What the video shows, for assistive technologies. */
  readonly label = input<string | null>(null);
  /** Shows the player's controls (mute, volume, full screen). */
  readonly controls = input(false);
  /** True once a picture is decoded (it has a size); false again when the stream goes. */
  readonly picture = output<boolean>();
  protected readonly t = inject(I18n).t;
  protected readonly soundBlocked = signal(false);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private readonly settings = loadSettings();
  protected readonly volume = signal(this.settings.volume);
  /** The viewer muted it (remembered). */
  private readonly userMuted = signal(this.settings.muted);
  /** No sound: muted by the viewer (with controls), or played muted because the browser refused sound. */
  protected readonly soundOff = computed(() => this.soundBlocked() || (this.controls() && this.userMuted()));
  protected readonly volumeText = computed(() => `${Math.round((this.soundOff() ? 0 : this.volume()) * 100)} %`);
  protected readonly fullscreen = signal(false);
  protected readonly canFullscreen = typeof document !== 'undefined'
    && (document.fullscreenEnabled || 'webkitEnterFullscreen' in HTMLVideoElement.prototype);

  constructor() {
    effect(() => {
      const video = this.video().nativeElement;
      const stream = this.stream();
      if (video.srcObject === stream) return;
      this.soundBlocked.set(false);
      if (stream) {
        video.srcObject = stream;
        this.play(video);
      } else {
        video.pause();
        video.srcObject = null;
        video.load();
        this.picture.emit(false);
      }
    });
    effect(() => {
      const volume = this.controls() ? this.volume() : 1;
      this.video().nativeElement.volume = volume;
    });
    const onFullscreen = () => this.fullscreen.set(document.fullscreenElement === this.host.nativeElement);
    document.addEventListener('fullscreenchange', onFullscreen);
    inject(DestroyRef).onDestroy(() => document.removeEventListener('fullscreenchange', onFullscreen));
  }

  protected onPicture(): void {
    const video = this.video().nativeElement;
    if (video.srcObject && video.videoWidth > 0) this.picture.emit(true);
  }

  protected unmute(): void {
    const video = this.video().nativeElement;
    video.muted = false;
    this.soundBlocked.set(false);
    this.userMuted.set(false);
    if (this.controls()) this.save();
    video.play().catch((error: unknown) => console.warn('OnAir: the video cannot play with sound', error));
  }

  protected toggleMute(): void {
    if (this.soundOff()) {
      if (this.volume() === 0) this.volume.set(0.5);
      this.unmute();
      return;
    }
    this.userMuted.set(true);
    this.save();
  }

  protected onVolume(event: Event): void {
    const volume = Number((event.target as HTMLInputElement).value);
    if (!Number.isFinite(volume)) return;
    this.volume.set(volume);
    if (volume === 0) {
      this.userMuted.set(true);
      this.save();
    } else if (this.soundOff()) {
      this.unmute(); // a gesture: the browser lets the sound play now
    } else {
      this.save();
    }
  }

  protected toggleFullscreen(): void {
    const host = this.host.nativeElement;
    if (document.fullscreenElement) {
      void document.exitFullscreen().catch(() => undefined);
    } else if (document.fullscreenEnabled) {
      void host.requestFullscreen().catch((error: unknown) => console.warn('OnAir: full screen refused', error));
    } else {
      (this.video().nativeElement as IosVideo).webkitEnterFullscreen?.();
    }
  }

  private save(): void {
    try {
      localStorage.setItem(PLAYER_SETTINGS_KEY, JSON.stringify({ volume: this.volume(), muted: this.userMuted() }));
    } catch {
      // Storage refused (private mode, quota): the choice holds for this page only.
    }
  }

  /** Starts playback; if the browser refuses sound without a user gesture, plays muted instead. */
  private play(video: HTMLVideoElement): void {
    video.play().catch((error: unknown) => {
      if (!video.srcObject || (error as { name?: string } | null)?.name !== 'NotAllowedError') return;
      video.muted = true;
      if (!this.muted() && !this.soundOff()) this.soundBlocked.set(true);
      video.play().catch((error: unknown) => console.warn('OnAir: the video cannot play', error));
    });
  }
}
