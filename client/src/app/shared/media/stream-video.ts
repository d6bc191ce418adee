import { ChangeDetectionStrategy, Component, ElementRef, effect, input, viewChild } from '@angular/core';

/**
 * Plays a MediaStream. When the stream goes (null), the element is stopped cleanly: paused,
 * `srcObject` cleared and reloaded, so nothing keeps decoding.
 */
@Component({
  selector: 'app-stream-video',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <video #video playsinline autoplay [muted]="muted()" [attr.data-testid]="testId()"
           [attr.data-playing]="stream() ? 'true' : 'false'"></video>
  `,
  styles: `
    :host { display: block; background: #000; border-radius: 12px; overflow: hidden; aspect-ratio: 4 / 3; }
    video { width: 100%; height: 100%; object-fit: contain; display: block; }
  `,
})
export class StreamVideo {
  readonly stream = input<MediaStream | null>(null);
  /** The presenter's own loopback is muted (no echo); viewers hear the stream. */
  readonly muted = input(false);
  readonly testId = input<string | null>(null);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  constructor() {
    effect(() => {
      const video = this.video().nativeElement;
      const stream = this.stream();
      if (video.srcObject === stream) return;
      if (stream) {
        video.srcObject = stream;
        play(video);
      } else {
        video.pause();
        video.srcObject = null;
        video.load();
      }
    });
  }
}

/** Starts playback; if the browser refuses sound without a user gesture, plays muted instead. */
function play(video: HTMLVideoElement): void {
  video.play().catch(() => {
    if (!video.srcObject) return;
    video.muted = true;
    video.play().catch((error: unknown) => console.warn('OnAir: the video cannot play', error));
  });
}
