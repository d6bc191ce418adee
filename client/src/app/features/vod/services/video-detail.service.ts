import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subscription, firstValueFrom } from 'rxjs';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import {
  DeleteVideoGQL, RenameVideoGQL, VideoDetailFragment, VideoGQL,
} from '../../../core/graphql/generated';

export type VideoDetailState = 'loading' | 'found' | 'missing' | 'error';

/**
 * One video of the catalog for its page: `video(id)` (null: it does not exist, or was deleted),
 * and the owner's rename and delete. Provided by the page that shows it.
 */
@Injectable()
export class VideoDetailService {
  private readonly videoGQL = inject(VideoGQL);
  private readonly renameGQL = inject(RenameVideoGQL);
  private readonly deleteGQL = inject(DeleteVideoGQL);
  private request: Subscription | null = null;

  readonly video = signal<VideoDetailFragment | null>(null);
  readonly state = signal<VideoDetailState>('loading');
  readonly error = signal<ApiErrorCode | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  load(id: string): void {
    this.request?.unsubscribe();
    this.video.set(null);
    this.state.set('loading');
    this.error.set(null);
    this.request = this.videoGQL.fetch({ variables: { id }, fetchPolicy: 'network-only' }).subscribe({
      next: (result) => {
        const video = result.data?.video ?? null;
        this.video.set(video);
        this.state.set(video ? 'found' : 'missing');
      },
      error: (error: unknown) => {
        const code = apiErrorCode(error);
        // An id that is not an id at all is as missing as a deleted video.
        this.state.set(code === 'NOT_FOUND' || code === 'BAD_USER_INPUT' ? 'missing' : 'error');
        this.error.set(code);
      },
    });
  }

  /** Renames the video (its owner only); the page keeps its player as it is. */
  async rename(title: string): Promise<void> {
    const video = this.video();
    if (!video) return;
    const result = await firstValueFrom(this.renameGQL.mutate({ variables: { id: video.id, title } }));
    const renamed = result.data?.renameVideo;
    if (!renamed) throw new Error('The server sent an empty answer');
    this.video.set({ ...video, title: renamed.title });
  }

  /** Deletes the video (its owner only). Already gone counts as deleted. */
  async delete(): Promise<void> {
    const video = this.video();
    if (!video) return;
    try {
      await firstValueFrom(this.deleteGQL.mutate({
        variables: { id: video.id },
        update: (cache) => {
          cache.evict({ id: cache.identify({ __typename: 'Video', id: video.id }) });
          cache.gc();
        },
      }));
    } catch (error) {
      if (apiErrorCode(error) !== 'NOT_FOUND') throw error;
    }
  }
}
