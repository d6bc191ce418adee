import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import {
  AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { I18n } from '../../../core/i18n/i18n.service';
import { CatalogQuery, DurationUnit, fromLocalInput, toLocalInput } from '../catalog-query';

const UNIT_SECONDS: Record<DurationUnit, number> = { min: 60, s: 1 };

/** The catalog's filters; Search hands the new query (same order) to the page, which puts it in the URL. */
@Component({
  selector: 'app-video-filters-form',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let f = t().videos.filters;
    <form [formGroup]="form" (ngSubmit)="submit()" data-testid="video-filters">
      <mat-form-field class="third wide" subscriptSizing="dynamic">
        <mat-label>{{ f.search }}</mat-label>
        <input matInput type="search" formControlName="search" autocomplete="off" data-testid="filter-search" />
      </mat-form-field>
      <mat-form-field class="third" subscriptSizing="dynamic">
        <mat-label>{{ f.presenter }}</mat-label>
        <input matInput formControlName="presenter" autocomplete="off" data-testid="filter-presenter" />
      </mat-form-field>
      <mat-form-field class="third" subscriptSizing="dynamic">
        <mat-label>{{ f.location }}</mat-label>
        <input matInput formControlName="location" autocomplete="off" data-testid="filter-location" />
      </mat-form-field>
      <mat-form-field class="half" subscriptSizing="dynamic">
        <mat-label>{{ f.from }}</mat-label>
        <input matInput type="datetime-local" formControlName="from" data-testid="filter-from" />
      </mat-form-field>
      <mat-form-field class="half" subscriptSizing="dynamic">
        <mat-label>{{ f.to }}</mat-label>
        <input matInput type="datetime-local" formControlName="to" data-testid="filter-to" />
      </mat-form-field>
      <mat-form-field class="third" subscriptSizing="dynamic">
        <mat-label>{{ f.minDuration }}</mat-label>
        <input matInput type="number" min="0" step="any" formControlName="min" data-testid="filter-min-duration" />
        <mat-error>{{ f.negative }}</mat-error>
      </mat-form-field>
      <mat-form-field class="third" subscriptSizing="dynamic">
        <mat-label>{{ f.maxDuration }}</mat-label>
        <input matInput type="number" min="0" step="any" formControlName="max" data-testid="filter-max-duration" />
        <mat-error>{{ f.negative }}</mat-error>
      </mat-form-field>
      <mat-form-field class="third wide" subscriptSizing="dynamic">
        <mat-label>{{ f.unit }}</mat-label>
        <mat-select formControlName="unit" data-testid="filter-unit">
          <mat-option value="min">{{ f.minutes }}</mat-option>
          <mat-option value="s">{{ f.seconds }}</mat-option>
        </mat-select>
      </mat-form-field>
      @if (form.touched && form.hasError('timeRange')) {
        <p class="row error" role="alert" data-testid="filter-error">{{ f.timeRange }}</p>
      }
      @if (form.touched && form.hasError('durationRange')) {
        <p class="row error" role="alert" data-testid="filter-error">{{ f.durationRange }}</p>
      }
      <div class="row">
        <button mat-flat-button type="submit" data-testid="filter-apply">{{ f.apply }}</button>
        <button mat-button type="button" (click)="clear.emit()" data-testid="filter-clear">{{ f.clear }}</button>
      </div>
    </form>
  `,
  styles: `
    form { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 4px 12px; }
    .third { grid-column: span 2; }
    .half { grid-column: span 3; }
    .row { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .error { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-error); }
    @media (max-width: 640px) {
      form { grid-template-columns: repeat(2, minmax(0, 1fr)); }
      .third, .half { grid-column: span 1; }
      .wide, .half { grid-column: 1 / -1; }
    }
  `,
})
export class VideoFiltersForm {
  readonly query = input.required<CatalogQuery>();
  readonly apply = output<CatalogQuery>();
  readonly clear = output<void>();
  protected readonly t = inject(I18n).t;
  protected readonly form = inject(NonNullableFormBuilder).group({
    search: [''],
    presenter: [''],
    location: [''],
    from: [''],
    to: [''],
    min: [null as number | null, Validators.min(0)],
    max: [null as number | null, Validators.min(0)],
    unit: ['min' as DurationUnit],
  }, { validators: ranges });

  constructor() {
    // The URL is the source of truth: show what it holds (on load, back/forward, clear).
    effect(() => {
      const q = this.query();
      const factor = UNIT_SECONDS[q.unit];
      const inUnit = (s: number | null) => (s === null ? null : Math.round((s / factor) * 100) / 100);
      this.form.reset({
        search: q.search, presenter: q.presenter, location: q.location,
        from: toLocalInput(q.from), to: toLocalInput(q.to),
        min: inUnit(q.minSeconds), max: inUnit(q.maxSeconds), unit: q.unit,
      });
    });
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const v = this.form.getRawValue();
    const factor = UNIT_SECONDS[v.unit];
    const seconds = (n: number | null) => (n === null ? null : Math.round(n * factor * 1000) / 1000);
    this.apply.emit({
      search: v.search.trim(), presenter: v.presenter.trim(), location: v.location.trim(),
      from: fromLocalInput(v.from), to: fromLocalInput(v.to),
      minSeconds: seconds(v.min), maxSeconds: seconds(v.max), unit: v.unit,
      order: this.query().order,
    });
  }
}

/** The time range and the duration range each go forwards. */
function ranges(group: AbstractControl): ValidationErrors | null {
  const { from, to, min, max } = group.value as { from: string; to: string; min: number | null; max: number | null };
  const errors: ValidationErrors = {};
  if (from && to && from > to) errors['timeRange'] = true;
  if (min !== null && max !== null && min > max) errors['durationRange'] = true;
  return Object.keys(errors).length ? errors : null;
}
