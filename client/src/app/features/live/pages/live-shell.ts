import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { MediaPeerService } from '../../../core/media/media-peer.service';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { BroadcastService } from '../services/broadcast.service';

/**
 * The /live section (/live/new, /live/:id). It owns the presenter's broadcast, so going live on
 * /live/new and moving on to /live/:id keeps the same media session; leaving the section ends it.
 */
@Component({
  selector: 'app-live-shell',
  imports: [RouterOutlet],
  providers: [MediaPeerService, MediaSessionService, BroadcastService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<router-outlet />`,
})
export class LiveShell {}
