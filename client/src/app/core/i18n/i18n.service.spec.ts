import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import MessageFormat from '@messageformat/core';
import { Content, Token, parse } from '@messageformat/parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../i18n/en.json';
import zhCN from '../../../i18n/zh-CN.json';
import { API_ERROR_CODES } from '../graphql/api-error';
import { I18n } from './i18n.service';
import { LANG_STORAGE_KEY, LANGUAGES, Lang, initialLang, langFromBrowser } from './languages';
import { MESSAGE_PARAMS } from './messages';

const FILES: Record<Lang, object> = { en, 'zh-CN': zhCN };

function flat(tree: object, prefix = ''): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? Object.entries(flat(v, `${prefix}${k}.`)) : [[`${prefix}${k}`, v as string]]));
}

/** The argument names an ICU message uses (plural/select arguments included). */
function argumentsOf(tokens: readonly (Content | { type: string })[]): string[] {
  return [...new Set(tokens.flatMap((token) => {
    const t = token as Token;
    if (t.type === 'argument' || t.type === 'function') return [t.arg];
    if (t.type === 'plural' || t.type === 'select' || t.type === 'selectordinal') {
      return [t.arg, ...t.cases.flatMap((c) => argumentsOf(c.tokens))];
    }
    return [];
  }))].sort();
}

@Component({
  selector: 'app-i18n-probe',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<h1>{{ t().login.title }}</h1><p>{{ t().lives.viewers(12) }}</p>
             <time>{{ when | date: 'medium' : 'UTC' : lang() }}</time>`,
})
class Probe {
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly when = Date.UTC(2026, 2, 5, 14, 30);
}

describe('translation files', () => {
  it('en and zh-CN have exactly the same keys', () => {
    const enKeys = Object.keys(flat(en)).sort();
    const zhKeys = Object.keys(flat(zhCN)).sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('every message is a non-empty ICU message that compiles, with exactly the arguments its call passes', () => {
    for (const lang of LANGUAGES) {
      const mf = new MessageFormat(lang);
      for (const [key, message] of Object.entries(flat(FILES[lang]))) {
        expect(typeof message, `${lang} ${key}`).toBe('string');
        expect(message.trim(), `${lang} ${key}`).not.toBe('');
        expect(() => mf.compile(message), `${lang} ${key}`).not.toThrow();
        const expected = [...((MESSAGE_PARAMS as Record<string, readonly string[]>)[key] ?? [])].sort();
        expect(argumentsOf(parse(message)), `${lang} ${key}`).toEqual(expected);
      }
    }
  });

  it('every message that takes arguments exists', () => {
    const keys = Object.keys(flat(en));
    expect(Object.keys(MESSAGE_PARAMS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('has words for every error code the client can meet, in every language', () => {
    for (const lang of LANGUAGES) {
      const messages = flat(FILES[lang]);
      expect(API_ERROR_CODES.filter((code) => !messages[`errors.${code}`]?.trim()), lang).toEqual([]);
    }
  });

  it('the Chinese file is Chinese (no message left in English by mistake)', () => {
    const same = Object.entries(flat(zhCN)).filter(([key, message]) => /[a-z]{4,}/i.test(message)
      && message === flat(en)[key]);
    // Brand and language names, and units that read the same in both, are meant to match.
    expect(same.map(([key]) => key)).toEqual(['app.name', 'language.en', 'media.quality.kbps', 'videos.size']);
  });
});

describe('the language on a first visit', () => {
  it('is Chinese for any Chinese browser language, English otherwise', () => {
    expect(langFromBrowser(['zh-CN', 'en'])).toBe('zh-CN');
    expect(langFromBrowser(['zh-TW'])).toBe('zh-CN');
    expect(langFromBrowser(['zh'])).toBe('zh-CN');
    expect(langFromBrowser(['en-US', 'zh-CN'])).toBe('en');
    expect(langFromBrowser(['fr-FR'])).toBe('en');
    expect(langFromBrowser([])).toBe('en');
  });

  it('a language chosen before wins over the browser language; an unknown saved value is ignored', () => {
    expect(initialLang({ getItem: () => 'en' }, ['zh-CN'])).toBe('en');
    expect(initialLang({ getItem: () => 'zh-CN' }, ['en-US'])).toBe('zh-CN');
    expect(initialLang({ getItem: () => 'de' }, ['zh-CN'])).toBe('zh-CN');
    expect(initialLang({ getItem: () => { throw new Error('denied'); } }, ['zh-HK'])).toBe('zh-CN');
    expect(initialLang(null, ['en-GB'])).toBe('en');
  });
});

describe('I18n', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    localStorage.clear();
    vi.restoreAllMocks();
  });

  it('starts from the browser language on a first visit and sets <html lang>', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-CN', 'en']);
    const i18n = TestBed.inject(I18n);
    await i18n.init();
    expect(i18n.lang()).toBe('zh-CN');
    expect(i18n.t().login.title).toBe('登录');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBeNull();
  });

  it('keeps a switch for the next visit, whatever the browser language', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-CN']);
    await TestBed.inject(I18n).use('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');

    TestBed.resetTestingModule();
    const next = TestBed.inject(I18n);
    await next.init();
    expect(next.lang()).toBe('en');
    expect(next.t().login.title).toBe('Sign in');
  });

  it('switching re-renders translated text, plurals and dates', async () => {
    const fixture = TestBed.createComponent(Probe);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toBe('Sign in');
    expect(el.querySelector('p')?.textContent).toBe('12 viewers');
    expect(el.querySelector('time')?.textContent?.replace(/\s/g, ' ')).toBe('Mar 5, 2026, 2:30:00 PM');

    await TestBed.inject(I18n).use('zh-CN');
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe('登录');
    expect(el.querySelector('p')?.textContent).toBe('12 位观众');
    expect(el.querySelector('time')?.textContent).toBe('2026年3月5日 14:30:00');
    expect(document.documentElement.lang).toBe('zh-CN');

    await TestBed.inject(I18n).use('en');
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe('Sign in');
  });

  it('counts and numbers in words: plurals in English, measure words and grouping in Chinese', async () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.t().lives.viewers(1)).toBe('1 viewer');
    expect(i18n.t().lives.viewers(0)).toBe('0 viewers');
    expect(i18n.t().videos.count(1)).toBe('1 video');
    expect(i18n.t().videos.count(1234)).toBe('1,234 videos');
    expect(i18n.t().calls.history.detailsLabel('Ann', 'today')).toBe('Details of the call with Ann, today');
    await i18n.use('zh-CN');
    expect(i18n.t().lives.viewers(1)).toBe('1 位观众');
    expect(i18n.t().videos.count(3)).toBe('共 3 个视频');
    expect(i18n.t().videos.size(1.5, 'MB')).toBe('1.5 MB');
    expect(i18n.t().calls.with('小明')).toBe('与 小明 通话');
    expect(i18n.t().errors.INVALID_CREDENTIALS).toBe('昵称或密码错误。');
  });
});
