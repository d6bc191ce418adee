import { Injectable, computed, signal } from '@angular/core';
import { EN, Messages } from './en';

export type Locale = 'en';

const DICTIONARIES: Record<Locale, Messages> = { en: EN };

/** The UI's strings for the current locale: `t().login.title` in templates. */
@Injectable({ providedIn: 'root' })
export class I18n {
  readonly locale = signal<Locale>('en');
  readonly t = computed(() => DICTIONARIES[this.locale()]);
}
