import {
  ChangeDetectionStrategy, Component, ElementRef, effect, inject, input, output, signal, viewChild,
} from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';

/**
 * Plays a MediaStream. When the stream goes (null), the element is stopped cleanly: paused,
 * `srcObject` cleared and reloaded, so nothing keeps decoding. When the browser refuses to play
 * sound before the user has interacted with the page, it plays muted and offers a button that
 * turns the sound on.
 */
@Component({
  selector: 'app-stream-video',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <video #video playsinline autoplay [muted]="muted()" [attr.data-testid]="testId()"
           [attr.data-playing]="stream() ? 'true' : 'false'" [attr.aria-label]="label()"
           (loadeddata)="onPicture()" (resize)="onPicture()"></video>
    @if (soundBlocked()) {
      <button type="button" class="sound" (click)="unmute()" data-testid="stream-sound-on">{{ t().media.soundOn }}</button>
    }
  `,
  styles: `
    :host { position: relative; display: block; background: #000; border-radius: 12px; overflow: hidden; aspect-ratio: 4 / 3; }
    video { width: 100%; height: 100%; object-fit: contain; display: block; }
    .sound { position: absolute; left: 50%; bottom: 12px; transform: translateX(-50%); padding: 8px 16px; border: 0;
      border-radius: 20px; font: var(--mat-sys-label-large); cursor: pointer;
      background: var(--mat-sys-inverse-surface); color: var(--mat-sys-inverse-on-surface); }
    .sound:focus-visible { outline: 3px solid var(--mat-sys-primary); outline-offset: 2px; }
  `,
})
export class StreamVideo {
  readonly stream = input<MediaStream | null>(null);
  /** The presenter's own loopback is muted (no echo); viewers hear the stream. */
  readonly muted = input(false);
  readonly testId = input<string | null>(null);
  /** What the video shows, for assistive technologies. */
  readonly label = input<string | null>(null);
  /** True once a picture is decoded (it has a size); false again when the stream goes. */
  readonly picture = output<boolean>();
  protected readonly t = inject(I18n).t;
  protected readonly soundBlocked = signal(false);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

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
  }

  protected onPicture(): void {
    const video = this.video().nativeElement;
    if (video.srcObject && video.videoWidth > 0) this.picture.emit(true);
  }

  protected unmute(): void {
    const video = this.video().nativeElement;
    video.muted = false;
    this.soundBlocked.set(false);
    video.play().catch((error: unknown) => console.warn('OnAir: the video cannot play with sound', error));
  }

  /** Starts playback; if the browser refuses sound without a user gesture, plays muted instead. */
  private play(video: HTMLVideoElement): void {
    video.play().catch((error: unknown) => {
      if (!video.srcObject || (error as { name?: string } | null)?.name !== 'NotAllowedError') return;
      video.muted = true;
      if (!this.muted()) this.soundBlocked.set(true);
      video.play().catch((error: unknown) => console.warn('OnAir: the video cannot play', error));
    });
  }
}
