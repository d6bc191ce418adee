import { Validators } from '@angular/forms';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** The account rules the API enforces, checked in the form first. */
export const NICKNAME_VALIDATORS = [Validators.required, Validators.minLength(2), Validators.maxLength(32)];
export const PASSWORD_MIN_LENGTH = 8;
/** The API takes https only (and no local or private hosts, which it alone checks). */
export const AVATAR_URL_PATTERN = /^https:\/\/\S+$/i;

/**
 * The input fields a refused submit names (BAD_USER_INPUT's `extensions.fields[].field`), whether
 * the API answered 200 or 400.
 */
export function refusedFields(error: unknown): string[] {
  let errors: readonly { extensions?: Record<string, unknown> }[] = [];
  if (CombinedGraphQLErrors.is(error)) errors = error.errors;
  else if (ServerError.is(error)) {
    try {
      errors = (JSON.parse(error.bodyText) as { errors?: typeof errors }).errors ?? [];
    } catch {
      errors = [];
    }
  }
  const fields = errors[0]?.extensions?.['fields'];
  return Array.isArray(fields) ? fields.map((f: { field?: unknown }) => String(f?.field)) : [];
}

/** Where to go after signing in: only same-app paths, never another origin. */
export function safeReturnUrl(value: string | null | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
