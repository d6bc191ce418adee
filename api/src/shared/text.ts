import { badInput } from './errors';

/**
 * Control characters no text of the API may carry (C0 but tab, line feed and carriage return, which
 * SDP and multi-line text need; DEL; C1). A NUL, for one, cuts an SQLite statement short.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const hasControlCharacters = (text: string) => CONTROL_CHARACTERS.test(text);

/** Bidirectional embedding, override and isolate controls: they make text read other than it is. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;
/**
 * Characters that show nothing: spaces, format characters (zero-width and the like), and letters
 * drawn blank (Hangul fillers, the blank Braille pattern).
 */
const INVISIBLE = /[\p{Z}\p{Cf}\s\u115f\u1160\u3164\uffa0\u2800]/gu;

/** True when the text has at least one character that shows. */
export const showsSomething = (text: string) => text.replace(INVISIBLE, '').length > 0;

/**
 * What a name may not hide: format characters (Cf: zero-width, bidi, invisible operators…), every
 * default-ignorable code point (what renderers draw as nothing: joiners, variation selectors, the Hangul
 * fillers U+115F, U+1160, U+3164, U+FFA0, …), and the blank Braille pattern U+2800.
 */
const HIDDEN = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** True when the text has characters that show nothing or reorder what follows (for names). */
export const hasHiddenCharacters = (text: string) => BIDI_CONTROLS.test(text) || HIDDEN.test(text);

/**
 * BAD_USER_INPUT about one input field, with the details validation errors carry
 * (`field`, and `fields: [{ field, problems }]` as class-validator's refusals have).
 */
export const badField = (field: string, problem: string, message = problem) =>
  badInput(message, { field, fields: [{ field, problems: [problem] }] });

/**
 * Text people write and others read (a title, a chat message), trimmed: `max` characters at the
 * most, something visible in it, no bidi controls, line breaks only where `multiline`.
 * BAD_USER_INPUT on `field` otherwise.
 */
export function checkText(value: string, field: string, what: string, { max, multiline = false }: { max: number; multiline?: boolean }): string {
  const text = value.trim();
  if (text.length < 1 || text.length > max) throw badInput(`${what} must have 1 to ${max} characters`, { field });
  if (!showsSomething(text)) throw badInput(`${what} must have something visible in it`, { field });
  if (BIDI_CONTROLS.test(text)) throw badInput(`${what} may not contain bidirectional control characters`, { field });
  if (!multiline && /[\r\n]/.test(text)) throw badInput(`${what} must be on one line`, { field });
  return text;
}
