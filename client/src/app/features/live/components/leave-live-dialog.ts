import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { I18n } from '../../../core/i18n/i18n.service';

export interface LeaveLiveDialogData {
  /** Ends the live (the dialog stays open, saying so, until it has). */
  end(): Promise<void>;
}

/**
 * "End your live?" — asked before the presenter navigates away from a running live. Closes with
 * true once the live is ended ("End live and leave"), false (or nothing: Escape) to stay.
 */
@Component({
  selector: 'app-leave-live-dialog',
  imports: [MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'leave-live-dialog' },
  template: `
    @let l = t().live.leaveDialog;
    <h2 mat-dialog-title>{{ l.title }}</h2>
    <mat-dialog-content><p>{{ l.text }}</p></mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" [disabled]="ending()" data-testid="leave-live-stay">{{ l.stay }}</button>
      <button mat-flat-button type="button" (click)="end()" [disabled]="ending()" data-testid="leave-live-end">
        {{ ending() ? l.ending : l.end }}</button>
    </mat-dialog-actions>
  `,
  styles: `p { margin: 0; }`,
})
export class LeaveLiveDialog {
  protected readonly t = inject(I18n).t;
  private readonly data = inject<LeaveLiveDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<LeaveLiveDialog, boolean>>(MatDialogRef);
  protected readonly ending = signal(false);

  protected async end(): Promise<void> {
    this.ending.set(true);
    this.ref.disableClose = true;
    try {
      await this.data.end();
    } finally {
      this.ref.close(true);
    }
  }
}
