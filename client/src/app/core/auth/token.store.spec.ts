import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_STORAGE_KEY, TokenStore } from './token.store';

describe('TokenStore', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    vi.restoreAllMocks();
    localStorage.clear();
  });

  it('starts with the token an earlier visit saved, or none', () => {
    expect(TestBed.inject(TokenStore).token()).toBeNull();
    TestBed.resetTestingModule();
    localStorage.setItem(TOKEN_STORAGE_KEY, 'saved-token');
    expect(TestBed.inject(TokenStore).token()).toBe('saved-token');
  });

  it('keeps a new token in localStorage and forgets it on clear', () => {
    const tokens = TestBed.inject(TokenStore);
    tokens.set('t1');
    expect(tokens.token()).toBe('t1');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('t1');
    tokens.clear();
    expect(tokens.token()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('invalidate drops the token and tells the session owner, once', () => {
    const tokens = TestBed.inject(TokenStore);
    const told = vi.fn();
    tokens.invalidated$.subscribe(told);
    tokens.set('t1');
    tokens.invalidate();
    tokens.invalidate(); // a second UNAUTHENTICATED answer for the same, already dropped token
    expect(told).toHaveBeenCalledTimes(1);
    expect(tokens.token()).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('signed out when storage cannot be read (e.g. blocked by the browser)', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => { throw new Error('SecurityError'); });
    expect(TestBed.inject(TokenStore).token()).toBeNull();
  });
});
