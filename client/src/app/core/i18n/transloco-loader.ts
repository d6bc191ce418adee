import { Injectable } from '@angular/core';
import { Translation, TranslocoLoader } from '@jsverse/transloco';
import { Lang } from './languages';

/**
 * The translation files are bundled with the app (one lazy chunk per language), so a language
 * loads from the same server as the code, with no extra request path to proxy or cache.
 */
const FILES: Record<Lang, () => Promise<{ default: Translation }>> = {
  en: () => import('../../../i18n/en.json'),
  'zh-CN': () => import('../../../i18n/zh-CN.json'),
};

@Injectable({ providedIn: 'root' })
export class BundledTranslationLoader implements TranslocoLoader {
  async getTranslation(lang: string): Promise<Translation> {
    const load = FILES[lang as Lang];
    if (!load) throw new Error(`No translation for ${lang}`);
    return (await load()).default;
  }
}
