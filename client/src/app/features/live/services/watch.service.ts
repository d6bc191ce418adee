import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { LeaveLiveGQL, WatchLiveGQL } from '../../../core/graphql/generated';
import { MediaSessionService } from '../../../core/media/media-session.service';

/**
 * A viewer's receive-only link to one live, through the media server. Provided by the viewer's
 * room with its own media session: leaving the room closes the session's subscription, which
 * ends the session on the server; `leave()` also says so explicitly.
 */
@Injectable()
export class WatchService {
  private readonly session = inject(MediaSessionService);
  private readonly watchLiveGQL = inject(WatchLiveGQL);
  private readonly leaveLiveGQL = inject(LeaveLiveGQL);

  readonly state = this.session.state;
  readonly endedReason = this.session.endedReason;
  readonly stream = this.session.remoteStream;

  async watch(liveId: string): Promise<void> {
    await this.session.start('recvonly', async (offer, mediaSessionId) => {
      const result = await firstValueFrom(this.watchLiveGQL.mutate({ variables: { input: { liveId, offer, mediaSessionId } } }));
      const payload = result.data?.watchLive;
      if (!payload) throw new Error('The server sent an empty answer');
      return payload;
    });
  }

  /** Stops watching: leaveLive (for a clean answer), then closes the session. */
  async leave(): Promise<void> {
    const id = this.session.id();
    const running = this.state() === 'connecting' || this.state() === 'connected';
    try {
      if (id && running) await firstValueFrom(this.leaveLiveGQL.mutate({ variables: { mediaSessionId: id } }));
    } catch (error) {
      console.warn('OnAir: leaveLive failed; closing the session anyway', error);
    } finally {
      this.session.close('left');
    }
  }

  /** Closes the session (e.g. once the live has ended). */
  end(reason: string): void {
    this.session.close(reason);
  }
}
