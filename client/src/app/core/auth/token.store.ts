import { Injectable, signal } from '@angular/core';
import { Subject } from 'rxjs';

export const TOKEN_STORAGE_KEY = 'onair.token';

/** The session token, kept in localStorage so a reload stays signed in. */
@Injectable({ providedIn: 'root' })
export class TokenStore {
  private readonly value = signal<string | null>(read());
  readonly token = this.value.asReadonly();
  /** Emits when the server rejected the token (expired or revoked). */
  readonly invalidated$ = new Subject<void>();

  set(token: string): void {
    localStorage.setItem(TOKEN_STORAGE_KEY, token);
    this.value.set(token);
  }

  clear(): void {
    localStorage.removeItem(TOKEN_STORAGE_KEY);
    this.value.set(null);
  }

  /** The server said the token is no longer valid: drop it and tell whoever owns the session. */
  invalidate(): void {
    if (this.value() === null) return;
    this.clear();
    this.invalidated$.next();
  }
}

function read(): string | null {
  try {
    return localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}
