import { Signal, WritableSignal, effect, untracked } from '@angular/core';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { MediaSessionState } from '../../../core/media/media-session.service';
import { LiveRoomService } from '../services/live-room.service';

/** The media a room plays: the presenter's broadcast or a viewer's watch. */
export interface RoomMedia {
  readonly state: Signal<MediaSessionState>;
  readonly endedReason: Signal<string | null>;
  end(reason: string): void;
}

/**
 * Ties a room's media to its live (call in an injection context): the live ended (stopped
 * elsewhere, media server lost, ...) ends the media too. With `error`, a lost connection shows as
 * CONNECTION_FAILED there (the presenter's broadcast reconnects by itself instead).
 */
export function followLiveRoom(room: LiveRoomService, media: RoomMedia, error?: WritableSignal<ApiErrorCode | null>): void {
  effect(() => {
    const reason = room.ended();
    if (reason !== null) untracked(() => media.end(reason));
  });
  if (!error) return;
  effect(() => {
    if (media.state() === 'failed' && media.endedReason() === 'connection-failed') error.set('CONNECTION_FAILED');
  });
}

/** Layout shared by the presenter's and the viewer's room. */
export const LIVE_ROOM_STYLES = `
  :host { display: flex; flex-direction: column; gap: 16px; }
  header { display: flex; align-items: center; gap: 16px; }
  h2 { flex: 1; margin: 0; font: var(--mat-sys-headline-small); }
  .count { font: var(--mat-sys-title-small); }
  .ended { margin: 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-secondary-container); }
  .player { position: relative; }
`;
