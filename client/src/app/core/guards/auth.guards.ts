import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from '../auth/auth.service';

/** Lets signed-in users through; sends others to /login, remembering where they were going. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.ready();
  if (auth.isLoggedIn()) return true;
  return router.createUrlTree(['/login'], state.url === '/' ? {} : { queryParams: { returnUrl: state.url } });
};

/** Keeps signed-in users away from /login and /register. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.ready();
  return auth.isLoggedIn() ? router.createUrlTree(['/']) : true;
};
