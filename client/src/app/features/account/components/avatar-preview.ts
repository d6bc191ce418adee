import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** A large round preview of an avatar URL: the picture, or the initial when there is none or it does not load. */
@Component({
  selector: 'app-avatar-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="circle" [attr.data-state]="state()" data-testid="avatar-preview">
      @if (state() === 'picture') {
        <img [src]="url()" [alt]="label()" (error)="failedUrl.set(url())" data-testid="avatar-preview-img" />
      } @else {
        <span role="img" [attr.aria-label]="label()">{{ initial() }}</span>
      }
    </span>
    @if (state() === 'failed') {
      <span class="note" role="status">{{ failedText() }}</span>
    } @else if (state() === 'none') {
      <span class="note">{{ noneText() }}</span>
    }
  `,
  styles: `
    :host { display: flex; align-items: center; gap: 16px; min-width: 0; }
    .circle { display: inline-flex; width: 88px; height: 88px; border-radius: 50%; overflow: hidden; flex: none;
      align-items: center; justify-content: center; font: var(--mat-sys-display-small);
      background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    img { width: 100%; height: 100%; object-fit: cover; }
    .note { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); min-width: 0; }
  `,
})
export class AvatarPreview {
  readonly nickname = input.required<string>();
  readonly url = input<string | null>(null);
  readonly label = input.required<string>();
  readonly failedText = input.required<string>();
  readonly noneText = input.required<string>();
  /** The last URL that failed to load: a new URL gets its own try. */
  protected readonly failedUrl = signal<string | null>(null);
  protected readonly state = computed(() => {
    const url = this.url();
    if (!url) return 'none';
    return this.failedUrl() === url ? 'failed' : 'picture';
  });
  protected readonly initial = computed(() => [...this.nickname()][0]?.toUpperCase() ?? '?');
}
