import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/**
 * The `extensions.code` values the API sends, plus the client's own: NETWORK, UNKNOWN, and
 * CAMERA_UNAVAILABLE / CONNECTION_FAILED for media that cannot start in this browser.
 */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'NICKNAME_TAKEN', 'INVALID_CREDENTIALS',
  'RATE_LIMITED', 'ALREADY_LIVE', 'LIVE_ENDED', 'ALREADY_IN_CALL', 'CALL_ENDED', 'MEDIA_SESSION_ENDED', 'MEDIA_ERROR',
  'MEDIA_UNAVAILABLE', 'QUERY_TOO_COMPLEX', 'TOO_MANY_MEDIA_SESSIONS', 'TOO_MANY_SUBSCRIPTIONS', 'INTERNAL_SERVER_ERROR',
  'NETWORK', 'CAMERA_UNAVAILABLE', 'CONNECTION_FAILED', 'UNKNOWN',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

/** The stable error code of a failed GraphQL operation (first error wins). */
export function apiErrorCode(error: unknown): ApiErrorCode {
  const code = wireErrors(error)[0]?.extensions?.code;
  if (CombinedGraphQLErrors.is(error)) return isApiErrorCode(code) ? code : 'UNKNOWN';
  if (ServerError.is(error)) {
    // A non-2xx answer: its body may still carry GraphQL errors (e.g. a 400 BAD_USER_INPUT).
    if (isApiErrorCode(code)) return code;
    if (error.statusCode === 401) return 'UNAUTHENTICATED';
    if (error.statusCode === 429) return 'RATE_LIMITED';
    return error.statusCode >= 500 ? 'INTERNAL_SERVER_ERROR' : 'UNKNOWN';
  }
  if (error instanceof Error && /fetch|network|socket|http failure/i.test(error.message)) return 'NETWORK';
  return 'UNKNOWN';
}

interface WireError {
  extensions?: { code?: unknown; field?: unknown; fields?: { field?: unknown }[] };
}

/** The GraphQL errors of a failed operation, whether the API answered 200 or not (then they are in the body). */
function wireErrors(error: unknown): readonly WireError[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors as readonly WireError[];
  if (!ServerError.is(error)) return [];
  try {
    return (JSON.parse(error.bodyText) as { errors?: WireError[] }).errors ?? [];
  } catch {
    return [];
  }
}

/**
 * The input fields a refused operation names (BAD_USER_INPUT's `extensions.field` and
 * `extensions.fields[].field`), so a form can mark them and say why in its own words.
 */
export function refusedFields(error: unknown): string[] {
  const extensions = wireErrors(error)[0]?.extensions;
  const named = [extensions?.field, ...(Array.isArray(extensions?.fields) ? extensions.fields.map((f) => f?.field) : [])];
  return [...new Set(named.filter((f): f is string => typeof f === 'string'))];
}
