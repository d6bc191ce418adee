import { Injectable, inject } from '@angular/core';
import { MediaPeerOptions, MediaPeerService } from '../../../core/media/media-peer.service';
import { CaptureDevices } from './capture-devices.service';

/**
 * A media peer whose publishing captures the camera and microphone the person chose (CaptureDevices,
 * which must be provided above it) instead of the browser's defaults: going live (and resuming after
 * a reload), and a call's own media. Receiving only captures nothing, as with MediaPeerService.
 */
@Injectable()
export class ChosenDevicesMediaPeer extends MediaPeerService {
  private readonly devices = inject(CaptureDevices);

  override open(options: MediaPeerOptions): Promise<string> {
    if (options.mode !== 'sendrecv' || options.media) return super.open(options);
    return super.open({ ...options, media: this.devices.constraints() });
  }
}
