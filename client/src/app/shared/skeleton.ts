import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * A placeholder while something loads: `rows` list rows (a round picture and two lines of text) or
 * one `block` (a player's 4:3 box). Announced as busy with `label`; it shimmers unless the user
 * asked for reduced motion.
 */
@Component({
  selector: 'app-skeleton',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', 'aria-busy': 'true', '[attr.aria-label]': 'label()', '[class.block]': "kind() === 'block'" },
  template: `
    @if (kind() === 'block') {
      <span class="box"></span>
    } @else {
      @for (row of rowList(); track row) {
        <span class="row">
          <span class="pic"></span>
          <span class="lines"><span class="line"></span><span class="line short"></span></span>
        </span>
      }
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 12px; padding: 8px 0; }
    .row { display: flex; align-items: center; gap: 12px; }
    .pic { flex: none; width: 36px; height: 36px; border-radius: 50%; }
    .lines { flex: 1; display: flex; flex-direction: column; gap: 6px; }
    .line { height: 12px; border-radius: 6px; width: 70%; }
    .line.short { width: 40%; }
    .box { display: block; width: 100%; aspect-ratio: 4 / 3; border-radius: 12px; }
    .pic, .line, .box { background: var(--mat-sys-surface-container-highest); animation: shimmer 1.4s ease-in-out infinite; }
    @keyframes shimmer { 50% { opacity: 0.45; } }
    @media (prefers-reduced-motion: reduce) { .pic, .line, .box { animation: none; } }
  `,
})
export class Skeleton {
  readonly kind = input<'rows' | 'block'>('rows');
  readonly rows = input(3);
  /** What is loading, for assistive technologies. */
  readonly label = input.required<string>();
  protected readonly rowList = computed(() => Array.from({ length: this.rows() }, (_, i) => i));
}
