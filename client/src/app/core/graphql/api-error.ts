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
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.['code'];
    return isApiErrorCode(code) ? code : 'UNKNOWN';
  }
  if (ServerError.is(error)) {
    // A non-2xx answer: its body may still carry GraphQL errors (e.g. a 400 BAD_USER_INPUT).
    const code = codeInBody(error.bodyText);
    if (code) return code;
    if (error.statusCode === 401) return 'UNAUTHENTICATED';
    if (error.statusCode === 429) return 'RATE_LIMITED';
    return error.statusCode >= 500 ? 'INTERNAL_SERVER_ERROR' : 'UNKNOWN';
  }
  if (error instanceof Error && /fetch|network|socket|http failure/i.test(error.message)) return 'NETWORK';
  return 'UNKNOWN';
}

function codeInBody(bodyText: string): ApiErrorCode | null {
  try {
    const body = JSON.parse(bodyText) as { errors?: { extensions?: { code?: unknown } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    return isApiErrorCode(code) ? code : null;
  } catch {
    return null;
  }
}
