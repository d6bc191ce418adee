import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { VideoDetailFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { CallButton } from '../../call/components/call-button';
import { formatBytes, formatDuration } from '../video-format';

/** What the catalog knows about a video: presenter, start, duration, location, size. */
@Component({
  selector: 'app-video-metadata',
  imports: [DatePipe, UserAvatar, CallButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = video();
    @let d = t().videos.details;
    <dl>
      <dt>{{ d.presenter }}</dt>
      <dd class="presenter" data-testid="video-presenter">
        <app-user-avatar [nickname]="v.presenter.nickname" [url]="v.presenter.avatarUrl" />{{ v.presenter.nickname }}
        <app-call-button [userId]="v.presenter.id" [nickname]="v.presenter.nickname" />
      </dd>
      <dt>{{ d.startedAt }}</dt>
      <dd><time [attr.datetime]="v.startedAt" data-testid="video-started-at">{{ v.startedAt | date: 'medium' : undefined : lang() }}</time></dd>
      <dt>{{ d.duration }}</dt>
      <dd data-testid="video-duration" [attr.data-seconds]="v.durationSeconds">{{ duration(v.durationSeconds) }}</dd>
      <dt>{{ d.location }}</dt>
      <dd data-testid="video-location">{{ v.location }}</dd>
      <dt>{{ d.size }}</dt>
      <dd data-testid="video-size" [attr.data-bytes]="v.sizeBytes">{{ size(v.sizeBytes) }}</dd>
    </dl>
  `,
  styles: `
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 0; align-items: center; }
    dt { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .presenter { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; }
  `,
})
export class VideoMetadata {
  readonly video = input.required<VideoDetailFragment>();
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly duration = formatDuration;
  protected size(bytes: number): string {
    return formatBytes(bytes, this.t().videos.size);
  }
}
