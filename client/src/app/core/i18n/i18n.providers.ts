import { registerLocaleData } from '@angular/common';
import localeZh from '@angular/common/locales/zh';
import { EnvironmentProviders, inject, isDevMode, provideAppInitializer } from '@angular/core';
import { provideTransloco } from '@jsverse/transloco';
import { provideTranslocoMessageformat } from '@jsverse/transloco-messageformat';
import { I18n } from './i18n.service';
import { LANGUAGES } from './languages';
import { BundledTranslationLoader } from './transloco-loader';

/** Angular's date and number formats for each language id ('en' is built in). */
registerLocaleData(localeZh, 'zh-CN');

/**
 * Transloco with ICU messages (plurals, numbers); the active language (saved, else the browser's) is
 * loaded before the first paint. `init: false` leaves choosing and loading to the caller (tests).
 */
export function provideI18n(options: { init?: boolean } = {}): EnvironmentProviders[] {
  return [
    ...provideTransloco({
      config: {
        availableLangs: [...LANGUAGES],
        defaultLang: 'en',
        fallbackLang: 'en',
        missingHandler: { useFallbackTranslation: true, logMissingKey: isDevMode() },
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
      },
      loader: BundledTranslationLoader,
    }),
    provideTranslocoMessageformat({ locales: [...LANGUAGES] }),
    ...(options.init === false ? [] : [provideAppInitializer(() => inject(I18n).init())]),
  ];
}
