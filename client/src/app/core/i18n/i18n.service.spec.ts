import { TestBed } from '@angular/core/testing';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../graphql/api-error';
import { EN } from './en';
import { I18n } from './i18n.service';

/**
 * What the i18n service does today: one locale, English. It has no second language, no switch
 * that persists and no browser-language choice yet (issue 11 asks for them); these tests pin what
 * exists so that work starts from a known place.
 */
describe('I18n', () => {
  it('starts in English and serves the English strings', () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.locale()).toBe('en');
    expect(i18n.t()).toBe(EN);
    expect(i18n.t().login.title).toBe('Sign in');
  });

  it('t() follows the locale signal', () => {
    const i18n = TestBed.inject(I18n);
    const seen = i18n.t();
    i18n.locale.set('en');
    expect(i18n.t()).toBe(seen);
  });

  it('has words for every error code the client can meet', () => {
    const errors: Record<string, string> = TestBed.inject(I18n).t().errors;
    const missing = API_ERROR_CODES.filter((code) => !errors[code]?.trim());
    expect(missing).toEqual([]);
  });

  it('counts in words: one viewer, several viewers; one video, several videos', () => {
    const t = TestBed.inject(I18n).t();
    expect(t.lives.viewers(1)).toBe('1 viewer');
    expect(t.lives.viewers(0)).toBe('0 viewers');
    expect(t.lives.viewers(12)).toBe('12 viewers');
    expect(t.videos.count(1)).toBe('1 video');
    expect(t.videos.count(3)).toBe('3 videos');
  });
});
