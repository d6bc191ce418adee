import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { OnlineUser } from '../services/online-users.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { CallButton } from '../../call/components/call-button';

@Component({
  selector: 'app-online-users-list',
  imports: [UserAvatar, CallButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul data-testid="online-users">
      @for (user of users(); track user.id) {
        <li data-testid="online-user" [attr.data-user-id]="user.id">
          <app-user-avatar [nickname]="user.nickname" [url]="user.avatarUrl" />
          <span class="nickname" data-testid="online-user-nickname">{{ user.nickname }}</span>
          @if (user.id === selfId()) {
            <span class="you">({{ t().home.you }})</span>
          } @else {
            <app-call-button class="call" [userId]="user.id" [nickname]="user.nickname" />
          }
        </li>
      } @empty {
        <li class="empty" data-testid="online-users-empty">{{ t().home.nobodyOnline }}</li>
      }
    </ul>
    @if (aloneHere()) {
      <p class="empty" data-testid="online-users-alone">{{ t().home.nobodyElseOnline }}</p>
    }
  `,
  styles: `
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; align-items: center; gap: 12px; padding: 8px 0;
         border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .nickname { flex: 1; min-width: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .you { flex: 1; }
    .you, .empty { color: var(--mat-sys-on-surface-variant); }
    p.empty { margin: 8px 0 0; font: var(--mat-sys-body-medium); }
  `,
})
export class OnlineUsersList {
  readonly users = input.required<readonly OnlineUser[]>();
  readonly selfId = input<string | null>(null);
  protected readonly t = inject(I18n).t;
  /** Only the signed-in user is online. */
  protected readonly aloneHere = computed(() => this.users().length > 0 && this.users().every((u) => u.id === this.selfId()));
}
