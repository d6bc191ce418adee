import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { ViewerFeedItem } from '../services/live-room.service';

/** The presenter's feed of viewers joining and leaving, newest first. */
@Component({
  selector: 'app-viewer-feed',
  imports: [DatePipe, UserAvatar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul data-testid="viewer-feed">
      @for (item of items().slice().reverse(); track item.key) {
        <li data-testid="viewer-feed-item" [attr.data-kind]="item.kind" [attr.data-nickname]="item.viewer.nickname">
          <app-user-avatar [nickname]="item.viewer.nickname" [url]="item.viewer.avatarUrl" />
          <span class="who">{{ item.viewer.nickname }}</span>
          <span class="what">{{ item.kind === 'joined' ? t().live.joined : t().live.left }}</span>
          <time [attr.datetime]="item.at">{{ item.at | date: 'mediumTime' : undefined : lang() }}</time>
        </li>
      } @empty {
        <li class="empty">{{ t().live.noViewers }}</li>
      }
    </ul>
  `,
  styles: `
    ul { list-style: none; margin: 0; padding: 0; max-height: var(--viewer-feed-max-height, 240px); overflow: auto; }
    li { display: flex; align-items: center; gap: 8px; padding: 4px 0; }
    .who { font: var(--mat-sys-body-medium); }
    .what, time, .empty { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    time { margin-left: auto; }
  `,
})
export class ViewerFeed {
  readonly items = input.required<readonly ViewerFeedItem[]>();
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
}
