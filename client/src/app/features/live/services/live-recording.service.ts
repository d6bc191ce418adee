import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { LiveRecordingGQL } from '../../../core/graphql/generated';

/**
 * What became of an ended live's recording: `saving` until it is filed, then `saved` (with the
 * video), or `none` (too short to keep, or not filed) once a while has passed without it.
 */
export type RecordingState =
  | { kind: 'saving' }
  | { kind: 'saved'; videoId: string }
  | { kind: 'none' };

/** When to ask again after a live ended, in ms: filing a recording takes a moment after the end. */
const ASK_AFTER_MS = [0, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10_000];

/**
 * Finds the recording of an ended live (`live(id) { video }`), asking a few times while it is filed.
 * Provided by the room that shows it; stops with it.
 */
@Injectable()
export class LiveRecordingService {
  private readonly recordingGQL = inject(LiveRecordingGQL);
  private run = 0;

  readonly state = signal<RecordingState | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.run++);
  }

  /** Starts looking (once per live; again after `reset`). */
  find(liveId: string): void {
    if (this.state() !== null) return;
    this.state.set({ kind: 'saving' });
    void this.look(liveId, ++this.run);
  }

  private async look(liveId: string, run: number): Promise<void> {
    for (const wait of ASK_AFTER_MS) {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      if (run !== this.run) return;
      try {
        const result = await firstValueFrom(this.recordingGQL.fetch({ variables: { id: liveId }, fetchPolicy: 'network-only' }));
        if (run !== this.run) return;
        const videoId = result.data?.live?.video?.id;
        if (videoId) {
          this.state.set({ kind: 'saved', videoId });
          return;
        }
        if (!result.data?.live) break; // the live is gone: so is any recording
      } catch (error) {
        console.warn('OnAir could not look for the recording of this live', error);
      }
    }
    if (run === this.run) this.state.set({ kind: 'none' });
  }
}
