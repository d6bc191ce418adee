import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { AuthService } from '../../../core/auth/auth.service';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { LatestVideos } from '../../vod/components/latest-videos';
import { OnlineUsersList } from '../components/online-users-list';
import { OnlineUsersService } from '../services/online-users.service';

@Component({
  selector: 'app-home-page',
  imports: [MatButtonModule, MatCardModule, LatestVideos, OnlineUsersList],
  providers: [OnlineUsersService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (auth.user(); as user) {
      <section class="session">
        <span data-testid="signed-in-as">{{ t().home.signedInAs(user.nickname) }}</span>
        <span class="state" data-testid="realtime-state" [attr.data-state]="realtime.state()">
          {{ t().home.realtime[realtime.state()] }}
        </span>
        <button mat-stroked-button type="button" (click)="logout()" [disabled]="leaving()" data-testid="logout">
          {{ t().home.logout }}
        </button>
      </section>
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>{{ t().home.onlineUsers }}</mat-card-title></mat-card-header>
        <mat-card-content>
          @if (online.loaded()) {
            <app-online-users-list [users]="online.users()" [selfId]="user.id" />
          }
        </mat-card-content>
      </mat-card>
      <app-latest-videos />
    }
  `,
  styles: `
    .session { display: flex; align-items: center; gap: 16px; margin-bottom: 24px; font: var(--mat-sys-title-medium); }
    app-latest-videos { display: block; margin-top: 24px; }
    .state { flex: 1; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class HomePage implements OnInit {
  protected readonly auth = inject(AuthService);
  protected readonly realtime = inject(RealtimeService);
  protected readonly online = inject(OnlineUsersService);
  protected readonly t = inject(I18n).t;
  protected readonly leaving = signal(false);

  ngOnInit(): void {
    this.online.start();
  }

  protected async logout(): Promise<void> {
    this.leaving.set(true);
    await this.auth.logout();
  }
}
