import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { RouterOutlet } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { MediaPeerService } from '../../../core/media/media-peer.service';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { LeaveLiveDialog, LeaveLiveDialogData } from '../components/leave-live-dialog';
import type { LeavesLive } from '../leave-live.guard';
import { BroadcastService } from '../services/broadcast.service';
import { CaptureDevices } from '../../../shared/media/capture/capture-devices.service';
import { ChosenDevicesMediaPeer } from '../../../shared/media/capture/chosen-devices-media-peer';

/**
 * The /live section (/live/new, /live/:id). It owns the presenter's broadcast (with the camera and
 * microphone they chose), so going live on /live/new and moving on to /live/:id keeps the same media
 * session; leaving the section ends it. While a live runs here, leaving asks first: in the app
 * (confirmLeaveLive: "End live and leave" stops it), and when the tab is closed or reloaded (the
 * browser's own prompt; a reload resumes the live, a closed tab ends it after the grace period).
 */
@Component({
  selector: 'app-live-shell',
  imports: [RouterOutlet],
  providers: [CaptureDevices, { provide: MediaPeerService, useClass: ChosenDevicesMediaPeer }, MediaSessionService, BroadcastService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<router-outlet />`,
})
export class LiveShell implements LeavesLive {
  private readonly broadcast = inject(BroadcastService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  constructor() {
    effect((onCleanup) => {
      if (!this.broadcast.running()) return;
      const ask = (event: BeforeUnloadEvent) => {
        event.preventDefault();
        event.returnValue = ''; // older browsers ask only when this is set
      };
      window.addEventListener('beforeunload', ask);
      onCleanup(() => window.removeEventListener('beforeunload', ask));
    });
  }

  async confirmLeave(): Promise<boolean> {
    // Signed out meanwhile: the live cannot be stopped by this user any more (the api ends it).
    if (!this.broadcast.running() || !this.auth.isLoggedIn()) return true;
    const dialog = this.dialog.open<LeaveLiveDialog, LeaveLiveDialogData, boolean>(LeaveLiveDialog, {
      maxWidth: 'min(440px, calc(100vw - 32px))',
      data: { end: () => this.stop() },
    });
    return (await firstValueFrom(dialog.afterClosed())) === true;
  }

  private async stop(): Promise<void> {
    if (!this.broadcast.running()) return; // ended meanwhile
    try {
      await this.broadcast.stop();
    } catch (error) {
      console.warn('OnAir could not stop the live before leaving; it ends after the grace period', error);
    }
  }
}
