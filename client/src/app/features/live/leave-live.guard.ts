import { CanDeactivateFn } from '@angular/router';

/** A page that may hold a running live: asks the presenter before they leave it. */
export interface LeavesLive {
  /** Resolves true to leave (the live ended deliberately, or there was none), false to stay. */
  confirmLeave(): Promise<boolean>;
}

/**
 * Leaving the live section while presenting asks first, and ending the live is then deliberate
 * (stopLive: viewers are told it ended and the recording is filed at once) rather than left to the
 * api's reconnect grace period. Moving inside the section (/live/new ⇄ /live/:id) keeps the live.
 */
export const confirmLeaveLive: CanDeactivateFn<LeavesLive> = (component) => component.confirmLeave();

