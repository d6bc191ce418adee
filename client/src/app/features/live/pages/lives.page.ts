import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { Skeleton } from '../../../shared/skeleton';
import { LiveListItem } from '../components/live-list-item';
import { LivesListService } from '../services/lives-list.service';

/** /lives — the lives happening now, updating live. */
@Component({
  selector: 'app-lives-page',
  imports: [MatButtonModule, MatCardModule, RouterLink, LiveListItem, Skeleton],
  providers: [LivesListService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title><h1>{{ t().lives.title }}</h1></mat-card-title>
        <a mat-flat-button routerLink="/live/new" class="go" data-testid="go-live">{{ t().lives.goLive }}</a>
      </mat-card-header>
      <mat-card-content>
        @if (list.loaded()) {
          <ul data-testid="lives">
            @for (live of list.lives(); track live.id) {
              <li><app-live-list-item [item]="live" /></li>
            } @empty {
              <li class="empty" data-testid="lives-empty">{{ t().lives.none }}</li>
            }
          </ul>
        } @else if (list.failed()) {
          <p class="failed" role="alert" data-testid="lives-failed">{{ t().lives.loadFailed }}
            <button mat-button type="button" (click)="list.retry()">{{ t().lives.tryAgain }}</button></p>
        } @else {
          <app-skeleton [rows]="3" [label]="t().lives.loading" data-testid="lives-loading" />
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    mat-card-header { align-items: center; flex-wrap: wrap; gap: 8px; }
    .go { margin-left: auto; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { border-bottom: 1px solid var(--mat-sys-outline-variant); }
    li:last-child { border-bottom: 0; }
    .empty { padding: 8px 0; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LivesPage implements OnInit {
  protected readonly list = inject(LivesListService);
  protected readonly t = inject(I18n).t;

  ngOnInit(): void {
    this.list.start();
  }
}
