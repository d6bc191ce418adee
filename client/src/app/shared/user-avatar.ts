import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';

/** A round avatar: the user's picture, or their initial when there is none (or it fails to load). */
@Component({
  selector: 'app-user-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (url() && !failed()) {
      <img [src]="url()" alt="" (error)="failed.set(true)" />
    } @else {
      <span aria-hidden="true">{{ initial() }}</span>
    }
  `,
  styles: `
    :host { display: inline-flex; width: 36px; height: 36px; border-radius: 50%; overflow: hidden;
            align-items: center; justify-content: center; flex: none;
            background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    img { width: 100%; height: 100%; object-fit: cover; }
  `,
})
export class UserAvatar {
  readonly nickname = input.required<string>();
  readonly url = input<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly initial = computed(() => [...this.nickname()][0]?.toUpperCase() ?? '?');
}
