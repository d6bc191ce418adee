import { Validators } from '@angular/forms';

/** The account rules the API enforces, checked in the form first. */
export const NICKNAME_VALIDATORS = [Validators.required, Validators.minLength(2), Validators.maxLength(32)];
export const PASSWORD_MIN_LENGTH = 8;
/** The API takes https only (and no local or private hosts, which it alone checks). */
export const AVATAR_URL_PATTERN = /^https:\/\/\S+$/i;

/** Where to go after signing in: only same-app paths, never another origin. */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
