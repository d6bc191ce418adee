import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { TokenStore } from '../auth/token.store';
import { GRAPHQL_PATH } from '../apollo/endpoints';

/** Adds `Authorization: Bearer <token>` to the requests sent to the GraphQL endpoint. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const token = inject(TokenStore).token();
  const isApi = request.url === GRAPHQL_PATH || request.url.endsWith(GRAPHQL_PATH);
  if (!token || !isApi) return next(request);
  return next(request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }));
};
