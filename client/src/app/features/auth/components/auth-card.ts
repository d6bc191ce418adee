import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

/** The frame shared by the sign-in and registration pages. */
@Component({
  selector: 'app-auth-card',
  imports: [MatCardModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined" class="card">
      <mat-card-header><mat-card-title><h1>{{ heading() }}</h1></mat-card-title></mat-card-header>
      <mat-card-content><ng-content /></mat-card-content>
      <mat-card-footer class="footer"><ng-content select="[footer]" /></mat-card-footer>
    </mat-card>
  `,
  styles: `
    .card { max-width: 420px; margin: 32px auto; }
    .footer { padding: 0 16px 16px; font: var(--mat-sys-body-medium); }
  `,
})
export class AuthCard {
  readonly heading = input.required<string>();
}
