import { ApiErrorCode, apiErrorCode } from '../graphql/api-error';

/** getUserMedia's refusals: no permission, no device, device busy, constraints impossible. */
const CAPTURE_ERRORS = ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'OverconstrainedError', 'SecurityError'];

/** The code to show for a failed go-live or watch: a camera problem, or the API's code. */
export function mediaErrorCode(error: unknown): ApiErrorCode {
  if (error instanceof Error && CAPTURE_ERRORS.includes(error.name)) return 'CAMERA_UNAVAILABLE';
  return apiErrorCode(error);
}
