import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { BroadcastService } from '../services/broadcast.service';
import { PresenterRoom } from '../components/presenter-room';
import { ViewerRoom } from '../components/viewer-room';

/** /live/:id — the presenter's view when this window presents the live, the viewer's otherwise. */
@Component({
  selector: 'app-live-page',
  imports: [PresenterRoom, ViewerRoom],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- One room per live id: moving to another live rebuilds the room (and its media session). -->
    @for (liveId of ids(); track liveId) {
      @if (presenting()) {
        <app-presenter-room [liveId]="liveId" />
      } @else {
        <app-viewer-room [liveId]="liveId" />
      }
    }
  `,
})
export class LivePage {
  /** The route's :id. */
  readonly id = input.required<string>();
  private readonly broadcast = inject(BroadcastService);
  protected readonly ids = computed(() => [this.id()]);
  protected readonly presenting = computed(() => this.broadcast.liveId() === this.id());
}
