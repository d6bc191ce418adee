/** The languages the UI speaks. Their messages are `src/i18n/<lang>.json`. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Where the chosen language is kept between visits. */
export const LANG_STORAGE_KEY = 'onair.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A browser language (navigator.languages) to ours: any Chinese → zh-CN, anything else → English. */
export function langFromBrowser(browserLanguages: readonly string[]): Lang {
  const first = browserLanguages.find((l) => !!l) ?? 'en';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The language for this visit: the one chosen before (kept in localStorage), else the browser's. */
export function initialLang(storage: Pick<Storage, 'getItem'> | null, browserLanguages: readonly string[]): Lang {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    // Storage can be refused (privacy settings): the browser language decides.
  }
  return isLang(saved) ? saved : langFromBrowser(browserLanguages);
}
