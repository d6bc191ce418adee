import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
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
import { Skeleton } from '../../../shared/skeleton';
import { Submission } from '../../../shared/submission';
import { CaptureDeviceSelects } from '../../../shared/media/capture/capture-device-selects';
import { CapturePreview } from '../components/capture-preview';
import { BroadcastService } from '../services/broadcast.service';
import { CaptureDevices } from '../../../shared/media/capture/capture-devices.service';
import { mediaErrorCode } from '../../../core/media/media-error';

export const TITLE_MAX_LENGTH = 120;

/**
 * /live/new — a title, the camera and microphone (chosen, and checked in a preview), then Go live:
 * they are published and the presenter's room opens. A user who already has a live running
 * (presented here, or waiting for them after a reload) gets a link back to it instead of an
 * ALREADY_LIVE refusal.
 */
@Component({
  selector: 'app-go-live-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, RouterLink, FormError,
    CaptureDeviceSelects, CapturePreview, Skeleton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let l = t().live;
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h1>{{ l.newTitle }}</h1></mat-card-title></mat-card-header>
      <mat-card-content>
        @if (broadcast.running() && broadcast.liveId(); as liveId) {
          <p><a [routerLink]="['/live', liveId]" data-testid="current-live">{{ l.presenting }}</a></p>
        } @else if (ownLive(); as liveId) {
          <p><a [routerLink]="['/live', liveId]" data-testid="current-live">{{ l.ownLiveRunning }}</a></p>
        } @else if (!checked()) {
          <app-skeleton [rows]="2" [label]="l.loading" />
        } @else {
          <div class="layout">
            <app-capture-preview />
            <form [formGroup]="form" (ngSubmit)="start()">
              <p class="hint">{{ l.devices.check }}</p>
              <mat-form-field appearance="outline">
                <mat-label>{{ l.titleLabel }}</mat-label>
                <input matInput [formControl]="title" [maxlength]="max" autocomplete="off" data-testid="live-title-input" />
                @if (title.hasError('required')) {
                  <mat-error>{{ l.titleRequired }}</mat-error>
                } @else if (title.hasError('maxlength')) {
                  <mat-error>{{ l.titleLength }}</mat-error>
                }
              </mat-form-field>
              <app-capture-device-selects />
              <app-form-error [code]="error()" />
              <button mat-flat-button type="submit" [disabled]="starting()" data-testid="go-live-submit">
                {{ starting() ? l.starting : l.start }}
              </button>
            </form>
          </div>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; align-items: start; }
    form { display: flex; flex-direction: column; gap: 12px; }
    .hint { margin: 0; color: var(--mat-sys-on-surface-variant); }
    form button { align-self: flex-start; }
    @media (max-width: 720px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  `,
})
export class GoLivePage implements OnInit {
  protected readonly broadcast = inject(BroadcastService);
  private readonly devices = inject(CaptureDevices);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  private readonly livesGQL = inject(LivesGQL);
  /** This user's running live, when there is one this window does not present. */
  protected readonly ownLive = signal<string | null>(null);
  /** Whether such a live exists is known (or could not be told). */
  protected readonly checked = signal(false);
  protected readonly t = inject(I18n).t;
  protected readonly max = TITLE_MAX_LENGTH;
  protected readonly title = new FormControl('', {
    nonNullable: true, validators: [Validators.required, Validators.maxLength(TITLE_MAX_LENGTH)],
  });
  protected readonly form = new FormGroup({ title: this.title });
  private readonly submission = new Submission(mediaErrorCode);
  protected readonly starting = this.submission.busy;
  protected readonly error = this.submission.error;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.devices.stopPreview();
    });
  }

  async ngOnInit(): Promise<void> {
    if (this.broadcast.running()) return;
    try {
      const result = await firstValueFrom(this.livesGQL.fetch({ fetchPolicy: 'network-only' }));
      const me = this.auth.user()?.id;
      this.ownLive.set(result.data?.lives.find((live) => live.presenter.id === me)?.id ?? null);
    } catch (error) {
      console.warn('OnAir could not check for a live of yours', error); // going live still says ALREADY_LIVE
    }
    this.checked.set(true);
    if (!this.ownLive() && !this.destroyed) void this.devices.startPreview();
  }

  protected async start(): Promise<void> {
    this.title.markAsTouched();
    if (this.title.invalid || !this.title.value.trim() || this.starting()) return;
    await this.submission.run(async () => {
      // The camera is handed from the preview to the live (some systems open a camera only once).
      this.devices.stopPreview();
      try {
        const live = await this.broadcast.start(this.title.value.trim());
        await this.router.navigate(['/live', live.id], { replaceUrl: true });
      } catch (error) {
        if (!this.destroyed) void this.devices.startPreview();
        throw error;
      }
    });
  }
}
