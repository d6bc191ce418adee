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

/**
 * Layout shared by the presenter's and the viewer's room: a header (LiveHeading: badge and title;
 * presenter, count, the main action), then the stage — the player, with a side column beside it on
 * wide screens (below it on narrow ones). On wide screens the player is as large as the window's
 * height allows (--room-chrome: the height of what surrounds it), so player and side fit on screen.
 */
export const LIVE_ROOM_STYLES = `
  :host { display: flex; flex-direction: column; gap: 12px; --room-chrome: 210px; }
  header { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 16px; }
  .what { flex: 1 1 240px; min-width: 0; display: flex; flex-direction: column; gap: 2px; }
  .by { display: flex; align-items: center; flex-wrap: wrap; gap: 4px 12px; margin: 0; min-height: 36px;
    color: var(--mat-sys-on-surface-variant); }
  .count { font: var(--mat-sys-title-small); white-space: nowrap; }
  /* Where the presenter goes, while the live loads. */
  .placeholder { display: inline-block; width: min(320px, 60%); height: 1em; border-radius: 6px;
    background: var(--mat-sys-surface-container-highest); }
  .placeholder.short { width: 160px; }
  .stage { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
  .player { position: relative; min-width: 0; }
  .side { display: flex; flex-direction: column; gap: 16px; min-width: 0; }
  @media (min-width: 900px) {
    .stage { grid-template-columns: minmax(0, 1fr) minmax(260px, 320px); align-items: start; }
    .player app-stream-video { width: min(100%, calc((100dvh - var(--room-chrome)) * 4 / 3)); min-width: 320px; margin: 0 auto; }
  }
`;
