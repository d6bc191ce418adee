import type { RateLimitStore } from '../auth/rate-limit-store';
import { AppError, ErrorCode } from './errors';

/** Counts one use of `key`; RATE_LIMITED (with when to retry) once it passes `max` in the window. */
export async function throttle(store: RateLimitStore, key: string, max: number, windowMs: number, message: string): Promise<void> {
  const hits = await store.hit(key, windowMs);
  if (hits.count > max) {
    throw new AppError(ErrorCode.RateLimited, message, { retryAfterSeconds: Math.max(1, Math.ceil(hits.resetInMs / 1000)) });
  }
}
