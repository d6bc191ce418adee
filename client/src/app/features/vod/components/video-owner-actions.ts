import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { VideoDetailService } from '../services/video-detail.service';

/** As for a live's title. */
export const VIDEO_TITLE_MAX_LENGTH = 120;

type Step = 'idle' | 'renaming' | 'confirming-delete';

/** The owner's controls on their video's page: rename (inline) and delete (after an "are you sure?" step). */
@Component({
  selector: 'app-video-owner-actions',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = t().videos;
    @switch (step()) {
      @case ('renaming') {
        <form [formGroup]="form" (ngSubmit)="rename()" data-testid="video-rename-form">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ v.renameLabel }}</mat-label>
            <input #titleInput matInput [formControl]="title" [maxlength]="max" autocomplete="off"
                   data-testid="video-title-input" />
            @if (title.hasError('maxlength')) {
              <mat-error>{{ v.titleLength }}</mat-error>
            } @else {
              <mat-error>{{ v.titleRequired }}</mat-error>
            }
          </mat-form-field>
          <div class="buttons">
            <button mat-flat-button type="submit" [disabled]="submission.busy()" data-testid="video-rename-save">
              {{ v.save }}</button>
            <button mat-button type="button" (click)="cancel()" data-testid="video-rename-cancel">{{ v.cancel }}</button>
          </div>
        </form>
      }
      @case ('confirming-delete') {
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete" data-testid="video-delete-confirmation">
          <p id="confirm-delete">{{ v.confirmDelete(videos.video()?.title ?? '') }}</p>
          <div class="buttons">
            <button mat-flat-button type="button" class="danger" (click)="delete()" [disabled]="submission.busy()"
                    data-testid="video-delete-confirm">{{ submission.busy() ? v.deleting : v.deleteConfirm }}</button>
            <button mat-button type="button" (click)="cancel()" [disabled]="submission.busy()"
                    data-testid="video-delete-cancel">{{ v.cancel }}</button>
          </div>
        </div>
      }
      @default {
        <div class="buttons">
          <button mat-stroked-button type="button" (click)="startRename()" data-testid="video-rename">{{ v.rename }}</button>
          <button mat-stroked-button type="button" (click)="step.set('confirming-delete')" data-testid="video-delete">
            {{ v.delete }}</button>
        </div>
      }
    }
    <app-form-error [code]="submission.error()" />
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    form { display: flex; flex-direction: column; gap: 8px; }
    .buttons { display: flex; flex-wrap: wrap; gap: 8px; }
    .confirm { padding: 12px; border-radius: 12px; background: var(--mat-sys-error-container);
               color: var(--mat-sys-on-error-container); }
    .confirm p { margin: 0 0 12px; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error);
              --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
})
export class VideoOwnerActions {
  protected readonly videos = inject(VideoDetailService);
  private readonly router = inject(Router);
  protected readonly t = inject(I18n).t;
  protected readonly max = VIDEO_TITLE_MAX_LENGTH;
  protected readonly step = signal<Step>('idle');
  protected readonly submission = new Submission();
  protected readonly title = new FormControl('', {
    nonNullable: true, validators: [Validators.required, Validators.maxLength(VIDEO_TITLE_MAX_LENGTH)],
  });
  protected readonly form = new FormGroup({ title: this.title });
  private readonly titleInput = viewChild<ElementRef<HTMLInputElement>>('titleInput');

  constructor() {
    // The rename form opens with its field focused.
    effect(() => this.titleInput()?.nativeElement.focus());
  }

  protected startRename(): void {
    this.title.reset(this.videos.video()?.title ?? '');
    this.submission.error.set(null);
    this.step.set('renaming');
  }

  protected cancel(): void {
    this.submission.error.set(null);
    this.step.set('idle');
  }

  protected async rename(): Promise<void> {
    this.title.markAsTouched();
    const title = this.title.value.trim();
    if (this.title.invalid || !title || this.submission.busy()) return;
    await this.submission.run(async () => {
      await this.videos.rename(title);
      this.step.set('idle');
    });
  }

  protected async delete(): Promise<void> {
    await this.submission.run(async () => {
      await this.videos.delete();
      await this.router.navigateByUrl('/videos');
    });
  }
}
