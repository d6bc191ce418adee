import { signal } from '@angular/core';
import { ApiErrorCode, apiErrorCode } from '../core/graphql/api-error';

/**
 * A submit in flight and its last error (shown by `FormError`): `run` sets busy, clears the
 * error, awaits the action, and on failure keeps the error's code (`apiErrorCode` unless told).
 */
export class Submission {
  readonly busy = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);

  constructor(private readonly errorCode: (error: unknown) => ApiErrorCode = apiErrorCode) {}

  async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(this.errorCode(error));
    } finally {
      this.busy.set(false);
    }
  }
}
