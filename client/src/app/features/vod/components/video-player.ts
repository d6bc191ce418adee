import { ChangeDetectionStrategy, Component, ElementRef, OnDestroy, input, viewChild } from '@angular/core';

/**
 * Plays a catalog video from its signed URL with the browser's own controls (seekable: the api
 * serves byte ranges). Only the metadata is read until the user plays it. On destroy the element
 * lets go of the file, so no download keeps running.
 */
@Component({
  selector: 'app-video-player',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <video #video controls preload="metadata" playsinline [src]="src()" [attr.poster]="poster()"
           data-testid="video-player"></video>
  `,
  styles: `
    :host { display: block; background: #000; border-radius: 12px; overflow: hidden; aspect-ratio: 4 / 3; }
    video { width: 100%; height: 100%; object-fit: contain; display: block; }
  `,
})
export class VideoPlayer implements OnDestroy {
  readonly src = input.required<string>();
  readonly poster = input<string | null>(null);
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');

  ngOnDestroy(): void {
    const video = this.video().nativeElement;
    video.pause();
    video.removeAttribute('src');
    video.load();
  }
}
