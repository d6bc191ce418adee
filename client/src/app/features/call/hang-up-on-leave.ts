import { inject } from '@angular/core';
import { CanDeactivateFn } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { CallService } from './services/call.service';

/**
 * Leaving /call/:id while its call is on here hangs up first, so the other party is told "hung
 * up" rather than "connection lost" (the page's media sessions close with it, which the server
 * takes for a lost connection when it sees that first).
 */
export const hangUpOnLeave: CanDeactivateFn<unknown> = async (_component, route) => {
  const calls = inject(CallService);
  const auth = inject(AuthService);
  const id = route.paramMap.get('id');
  // Signing out leaves too: the server then ends the call as the user goes offline.
  if (id && calls.handledHere() === id && auth.isLoggedIn()) await calls.hangUpBeforeLeaving(id);
  return true;
};
