/** Stable error codes clients can rely on (GraphQL `extensions.code`). */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  NicknameTaken = 'NICKNAME_TAKEN',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  RateLimited = 'RATE_LIMITED',
  AlreadyLive = 'ALREADY_LIVE',
  LiveEnded = 'LIVE_ENDED',
  /** The media session (one browser peer connection) has ended: start a new one. */
  MediaSessionEnded = 'MEDIA_SESSION_ENDED',
  /** You are already in a call (or one is ringing): end it first. */
  AlreadyInCall = 'ALREADY_IN_CALL',
  /** The call is no longer in a state that allows this (answered elsewhere, cancelled, ended). */
  CallEnded = 'CALL_ENDED',
  MediaError = 'MEDIA_ERROR',
  MediaUnavailable = 'MEDIA_UNAVAILABLE',
  /** The operation is too deep, has too many aliases or costs too much (see graphql/limits.ts). */
  QueryTooComplex = 'QUERY_TOO_COMPLEX',
  /** The account holds as many media sessions as it may (MEDIA_SESSIONS_PER_USER): end one first. */
  TooManyMediaSessions = 'TOO_MANY_MEDIA_SESSIONS',
  /** One realtime connection has as many operations running as it may (REALTIME_MAX_SUBSCRIPTIONS). */
  TooManySubscriptions = 'TOO_MANY_SUBSCRIPTIONS',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/**
 * A failure the client caused or may act on. Each domain package defines its own sentinels as
 * subclasses or factories; the GraphQL layer maps them once to `extensions.code`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'You must be signed in to do this') =>
  new AppError(ErrorCode.Unauthenticated, message);
export const forbidden = (message = 'You are not allowed to do this') =>
  new AppError(ErrorCode.Forbidden, message);
export const notFound = (message: string) => new AppError(ErrorCode.NotFound, message);
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.BadUserInput, message, details);
