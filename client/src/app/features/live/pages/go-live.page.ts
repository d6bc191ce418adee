import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { LivesGQL } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { BroadcastService } from '../services/broadcast.service';
import { mediaErrorCode } from '../../../core/media/media-error';

export const TITLE_MAX_LENGTH = 120;

/**
 * /live/new — a title, then Go live: camera + mic are published and the presenter's room opens.
 * A user who already has a live running (presented here, or waiting for them after a reload) gets
 * a link back to it instead of an ALREADY_LIVE refusal.
 */
@Component({
  selector: 'app-go-live-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, RouterLink, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title>{{ t().live.newTitle }}</mat-card-title></mat-card-header>
      <mat-card-content>
        @if (broadcast.running() && broadcast.liveId(); as liveId) {
          <p><a [routerLink]="['/live', liveId]" data-testid="current-live">{{ t().live.presenting }}</a></p>
        } @else if (ownLive(); as liveId) {
          <p><a [routerLink]="['/live', liveId]" data-testid="current-live">{{ t().live.ownLiveRunning }}</a></p>
        } @else {
          <form [formGroup]="form" (ngSubmit)="start()">
            <mat-form-field appearance="outline">
              <mat-label>{{ t().live.titleLabel }}</mat-label>
              <input matInput [formControl]="title" [maxlength]="max" autocomplete="off" data-testid="live-title-input" />
              @if (title.hasError('required')) {
                <mat-error>{{ t().live.titleRequired }}</mat-error>
              } @else if (title.hasError('maxlength')) {
                <mat-error>{{ t().live.titleLength }}</mat-error>
              }
            </mat-form-field>
            <app-form-error [code]="error()" />
            <button mat-flat-button type="submit" [disabled]="starting()" data-testid="go-live-submit">
              {{ starting() ? t().live.starting : t().live.start }}
            </button>
          </form>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    form { display: flex; flex-direction: column; gap: 12px; max-width: 480px; }
  `,
})
export class GoLivePage implements OnInit {
  protected readonly broadcast = inject(BroadcastService);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly livesGQL = inject(LivesGQL);
  /** This user's running live, when there is one this window does not present. */
  protected readonly ownLive = signal<string | null>(null);
  protected readonly t = inject(I18n).t;
  protected readonly max = TITLE_MAX_LENGTH;
  protected readonly title = new FormControl('', {
    nonNullable: true, validators: [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)],
  });
  protected readonly form = new FormGroup({ title: this.title });
  private readonly submission = new Submission(mediaErrorCode);
  protected readonly starting = this.submission.busy;
  protected readonly error = this.submission.error;

  async ngOnInit(): Promise<void> {
    try {
      const result = await firstValueFrom(this.livesGQL.fetch({ fetchPolicy: 'network-only' }));
      const me = this.auth.user()?.id;
      this.ownLive.set(result.data?.lives.find((live) => live.presenter.id === me)?.id ?? null);
    } catch (error) {
      console.warn('OnAir could not check for a live of yours', error); // going live still says ALREADY_LIVE
    }
  }

  protected async start(): Promise<void> {
    this.title.markAsTouched();
    if (this.title.invalid || !this.title.value.trim() || this.starting()) return;
    await this.submission.run(async () => {
      const live = await this.broadcast.start(this.title.value.trim());
      await this.router.navigate(['/live', live.id], { replaceUrl: true });
    });
  }
}
