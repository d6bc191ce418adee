import { Injectable, inject } from '@angular/core';
import { MediaPeerOptions, MediaPeerService } from '../../../core/media/media-peer.service';
import { CaptureDevices } from './capture-devices.service';

/**
 * The live section's media peer: publishing captures the camera and microphone the presenter chose
 * (CaptureDevices) instead of the browser's defaults — going live, and resuming after a reload.
 */
@Injectable()
export class LiveMediaPeer extends MediaPeerService {
  private readonly devices = inject(CaptureDevices);

  override open(options: MediaPeerOptions): Promise<string> {
    if (options.mode !== 'sendrecv' || options.media) return super.open(options);
    return super.open({ ...options, media: this.devices.constraints() });
  }
}
