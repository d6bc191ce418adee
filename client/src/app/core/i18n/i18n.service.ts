import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { LANG_STORAGE_KEY, Lang, initialLang } from './languages';
import { MESSAGE_PARAMS, MessageWithParams, Messages } from './messages';

/**
 * A typed view of Transloco's messages for the active language: `t().login.title` in templates,
 * `t().calls.with(nickname)` for a message with ICU arguments (Transloco + messageformat render
 * it: plurals, numbers). `lang()` is also the Angular locale id for dates and numbers
 * (`date: 'medium' : undefined : lang()`); switching language re-renders everything that reads
 * `t()` or `lang()`.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly active = signal<Lang>('en');
  /** The active language; also the locale id registered for Angular's date and number pipes. */
  readonly lang = this.active.asReadonly();
  readonly t = computed(() => this.messages(this.active()));

  /** Before the app renders: the saved language, else the browser's; loaded before first paint. */
  async init(): Promise<void> {
    const nav = this.document.defaultView?.navigator;
    const browser = nav?.languages?.length ? nav.languages : [nav?.language ?? 'en'];
    await this.activate(initialLang(this.storage(), browser));
  }

  /** Switches the UI's language and remembers it for the next visits. */
  async use(lang: Lang): Promise<void> {
    await this.activate(lang);
    try {
      this.storage()?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // Not kept (storage refused): the switch still holds for this visit.
    }
  }

  private async activate(lang: Lang): Promise<void> {
    await firstValueFrom(this.transloco.load(lang));
    this.transloco.setActiveLang(lang);
    this.document.documentElement.lang = lang;
    this.active.set(lang);
  }

  private storage(): Storage | null {
    try {
      return this.document.defaultView?.localStorage ?? null;
    } catch {
      return null;
    }
  }

  /** The message tree of one loaded language: plain messages rendered once, the others as functions. */
  private messages(lang: Lang): Messages {
    const root: Record<string, unknown> = {};
    for (const key of leafKeys(this.transloco.getTranslation(lang))) {
      const path = key.split('.');
      let node = root;
      for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      const names = (MESSAGE_PARAMS as Record<string, readonly string[]>)[key as MessageWithParams];
      node[path[path.length - 1]] = names
        ? (...args: unknown[]) => this.transloco.translate(key, Object.fromEntries(names.map((n, i) => [n, args[i]])), lang)
        : this.transloco.translate(key, {}, lang);
    }
    return root as unknown as Messages;
  }
}

/** Dotted keys of a translation, whether Transloco holds it flat or nested. */
function leafKeys(translation: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(translation).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? leafKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]);
}
