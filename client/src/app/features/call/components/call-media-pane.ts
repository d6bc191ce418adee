import {
  ChangeDetectionStrategy, Component, DestroyRef, OnInit, effect, inject, input, output, signal, untracked,
} from '@angular/core';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { mediaErrorCode } from '../../../core/media/media-error';
import { MediaPeerService } from '../../../core/media/media-peer.service';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { ChosenDevicesMediaPeer } from '../../../shared/media/capture/chosen-devices-media-peer';
import { StreamVideo } from '../../../shared/media/stream-video';
import { CallMediaLink, CallMediaRole } from '../services/call-media-link';

/**
 * One media session of a call and its video: the other party's stream (`view`) or this party's
 * camera as the media server returns it (`publish`, muted: no echo). It owns its media session:
 * it starts with the component and ends with it.
 */
@Component({
  selector: 'app-call-media-pane',
  imports: [StreamVideo],
  // Publishing captures the camera and microphone chosen in CaptureDevices (provided by the call room).
  providers: [{ provide: MediaPeerService, useClass: ChosenDevicesMediaPeer }, MediaSessionService, CallMediaLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-stream-video [stream]="link.stream()" [muted]="role() === 'publish'" [testId]="testId()" [label]="label()"
                      (picture)="picture.set($event)" />
    @if (note(); as note) {
      <p class="note" [attr.data-testid]="testId() + '-note'">{{ note }}</p>
    } @else if (!picture()) {
      <p class="note" [attr.data-testid]="testId() + '-waiting'">{{ waiting() }}</p>
    }
  `,
  styles: `
    :host { position: relative; display: block; }
    .note { position: absolute; inset: auto 8px 8px 8px; margin: 0; padding: 4px 8px; border-radius: 8px; text-align: center;
      font: var(--mat-sys-label-medium); background: rgb(0 0 0 / 0.6); color: #fff; pointer-events: none; }
  `,
})
export class CallMediaPane implements OnInit {
  readonly callId = input.required<string>();
  /** Bound as mediaRole: a host attribute named role would be read as an (invalid) ARIA role. */
  readonly role = input.required<CallMediaRole>({ alias: 'mediaRole' });
  /** publish: whether the microphone and camera send (off: silence, black). */
  readonly micOn = input(true);
  readonly cameraOn = input(true);
  readonly testId = input.required<string>();
  readonly label = input<string | null>(null);
  /** Shown until a picture is decoded. */
  readonly waiting = input('');
  /** Shown over the picture (e.g. "Camera off"). */
  readonly note = input<string | null>(null);
  /** The media could not start or the connection failed. */
  readonly failed = output<ApiErrorCode>();
  /** Read by the call room for its quality panels. */
  readonly link = inject(CallMediaLink);
  protected readonly picture = signal(false);
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => { this.destroyed = true; });
    // Muting applies to the captured tracks as soon as they exist, and again once connected.
    effect(() => {
      const mic = this.micOn();
      const camera = this.cameraOn();
      if (this.role() !== 'publish' || !this.link.running()) return;
      this.link.state();
      untracked(() => {
        this.link.setCaptureEnabled('audio', mic);
        this.link.setCaptureEnabled('video', camera);
      });
    });
    effect(() => {
      if (this.link.state() === 'failed' && this.link.endedReason() === 'connection-failed') {
        untracked(() => this.fail('CONNECTION_FAILED'));
      }
    });
  }

  ngOnInit(): void {
    this.link.start(this.callId(), this.role()).then(
      () => {
        // The tracks exist now: apply a mute chosen while the media were starting.
        if (this.role() === 'publish') {
          this.link.setCaptureEnabled('audio', this.micOn());
          this.link.setCaptureEnabled('video', this.cameraOn());
        }
      },
      (error: unknown) => this.fail(mediaErrorCode(error)),
    );
  }

  private fail(code: ApiErrorCode): void {
    if (!this.destroyed) this.failed.emit(code);
  }
}
