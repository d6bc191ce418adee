import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { ApiKeysService } from '../services/api-keys.service';

const NAME_MAX = 60;

/** /account/api-keys — keys third parties read the catalog with: create (shown once, copy), list, revoke. */
@Component({
  selector: 'app-api-keys-page',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule,
    MatProgressBarModule, FormError],
  providers: [ApiKeysService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let k = t().apiKeys;
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title><h1>{{ k.title }}</h1></mat-card-title></mat-card-header>
      <mat-card-content>
        <p class="hint">{{ k.explain }}</p>
        <form [formGroup]="form" #f="ngForm" (ngSubmit)="create(f)" class="create">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ k.name }}</mat-label>
            <input matInput [formControl]="name" [maxlength]="max" autocomplete="off" data-testid="api-key-name" />
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="creating.busy()" data-testid="api-key-create">{{ k.create }}</button>
        </form>
        <app-form-error [code]="creating.error()" />
        @if (keys.created(); as created) {
          <section class="created" data-testid="api-key-created" aria-live="polite">
            <p>{{ k.createdOnce(created.name) }}</p>
            <code data-testid="api-key-value">{{ created.key }}</code>
            <button mat-stroked-button type="button" (click)="copy(created.key)" data-testid="api-key-copy">
              {{ copied() ? k.copied : k.copy }}</button>
          </section>
        }
        @if (!keys.loaded()) {
          <mat-progress-bar mode="indeterminate" [attr.aria-label]="k.loading" />
        }
        <app-form-error [code]="keys.error() ?? revoking.error()" />
        @if (keys.loaded()) {
          <ul data-testid="api-keys">
            @for (key of keys.keys(); track key.id) {
              <li data-testid="api-key" [attr.data-name]="key.name">
                <span class="main">
                  <span class="name">{{ key.name }}</span>
                  <span class="meta">{{ k.createdAt((key.createdAt | date: 'medium' : undefined : lang()) ?? '') }} ·
                    {{ key.lastUsedAt ? k.lastUsed((key.lastUsedAt | date: 'medium' : undefined : lang()) ?? '') : k.neverUsed }}</span>
                </span>
                @if (confirming() === key.id) {
                  <button mat-flat-button type="button" class="danger" (click)="revoke(key.id)" [disabled]="revoking.busy()"
                    data-testid="api-key-revoke-confirm">{{ k.revokeConfirm }}</button>
                  <button mat-button type="button" (click)="confirming.set(null)">{{ k.cancel }}</button>
                } @else {
                  <button mat-stroked-button type="button" (click)="confirming.set(key.id)" data-testid="api-key-revoke">
                    {{ k.revoke }}</button>
                }
              </li>
            } @empty {
              <li class="meta" data-testid="api-keys-empty">{{ k.none }}</li>
            }
          </ul>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    .hint, .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .create { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin-bottom: 12px; }
    .create mat-form-field { flex: 1 1 240px; }
    .created { margin: 12px 0; padding: 12px; border-radius: 8px; background: var(--mat-sys-secondary-container);
      display: flex; flex-direction: column; gap: 8px; align-items: flex-start; }
    code { word-break: break-all; font-size: 13px; user-select: all; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .main { flex: 1 1 200px; display: flex; flex-direction: column; }
    .danger { background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
  `,
})
export class ApiKeysPage implements OnInit {
  protected readonly keys = inject(ApiKeysService);
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly max = NAME_MAX;
  protected readonly name = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(NAME_MAX)] });
  protected readonly form = new FormGroup({ name: this.name });
  protected readonly creating = new Submission();
  protected readonly revoking = new Submission();
  protected readonly confirming = signal<string | null>(null);
  protected readonly copied = signal(false);

  ngOnInit(): void {
    void this.keys.load();
  }

  protected async create(form: FormGroupDirective): Promise<void> {
    const name = this.name.value.trim();
    if (!name || this.creating.busy()) return;
    await this.creating.run(async () => {
      await this.keys.create(name);
      form.resetForm(); // not just the control: a submitted form would show the emptied field as an error
      this.copied.set(false);
    });
  }

  protected async revoke(id: string): Promise<void> {
    await this.revoking.run(() => this.keys.revoke(id));
    this.confirming.set(null);
  }

  protected async copy(key: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(key); // only on https or localhost; the key stays selectable otherwise
      this.copied.set(true);
    } catch {
      this.copied.set(false);
    }
  }
}
