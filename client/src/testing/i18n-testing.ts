import { inject, provideAppInitializer } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { provideI18n } from '../app/core/i18n/i18n.providers';

/**
 * Transloco as the app has it, with both languages already in memory and English active, so a
 * component under test renders its English text synchronously (no loader round trip).
 */
export function provideI18nTesting() {
  return [
    provideI18n({ init: false }),
    provideAppInitializer(() => {
      const transloco = inject(TranslocoService);
      transloco.setTranslation(en, 'en');
      transloco.setTranslation(zhCN, 'zh-CN');
      transloco.setActiveLang('en');
    }),
  ];
}
