import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { CallHistoryItem } from '../components/call-history-item';
import { DialForm } from '../components/dial-form';
import { CallHistoryService } from '../services/call-history.service';
import { CallService } from '../services/call.service';

/** /calls — call someone by nickname, and the call history (newest first, "Load more"); it refreshes when a call ends. */
@Component({
  selector: 'app-calls-page',
  imports: [MatButtonModule, MatCardModule, MatProgressBarModule, FormError, CallHistoryItem, DialForm],
  providers: [CallHistoryService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let h = t().calls.history;
    <h1 class="visually-hidden">{{ t().calls.nav }}</h1>
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2>{{ h.dialTitle }}</h2></mat-card-title></mat-card-header>
      <mat-card-content><app-dial-form /></mat-card-content>
    </mat-card>
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h2>{{ h.title }}</h2></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (history.loading()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="h.loading" />
        }
        <app-form-error [code]="history.error()" />
        @if (history.loaded()) {
          <ul data-testid="call-history">
            @for (call of history.calls(); track call.id) {
              <li><app-call-history-item [call]="call" /></li>
            } @empty {
              <li class="empty" data-testid="call-history-empty">{{ h.none }}</li>
            }
          </ul>
          @if (history.hasMore()) {
            <button mat-stroked-button type="button" class="more" (click)="history.loadMore()" [disabled]="history.loadingMore()"
                    data-testid="call-history-more">{{ h.loadMore }}</button>
          }
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 16px; }
    ul { list-style: none; margin: 0; padding: 0; }
    .empty { padding: 8px 0; color: var(--mat-sys-on-surface-variant); }
    .more { margin-top: 12px; }
  `,
})
export class CallsPage {
  protected readonly history = inject(CallHistoryService);
  private readonly calls = inject(CallService);
  protected readonly t = inject(I18n).t;

  constructor() {
    // Loads now, and again whenever one of the user's calls ends (it then appears or changes here).
    effect(() => {
      this.calls.endedCount();
      untracked(() => this.history.load());
    });
  }
}
