/** Why a recording could not be finalized. The original file is left as it was in every case. */
export type WebmFinalizeErrorCode = 'NO_MEDIA' | 'INVALID_WEBM' | 'IO';

export class WebmFinalizeError extends Error {
  override name = 'WebmFinalizeError';
  constructor(
    readonly code: WebmFinalizeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The recording holds no media block (empty file, or only headers): the caller should discard it. */
export class NoMediaError extends WebmFinalizeError {
  override name = 'NoMediaError';
  constructor(message: string) {
    super('NO_MEDIA', message);
  }
}
