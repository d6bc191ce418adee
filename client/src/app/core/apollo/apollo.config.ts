import { inject } from '@angular/core';
import { ApolloClient, InMemoryCache } from '@apollo/client';
import { ApolloLink } from '@apollo/client/link';
import { ErrorLink } from '@apollo/client/link/error';
import { HttpLink } from 'apollo-angular/http';
import { OperationTypeNode } from 'graphql';
import { TokenStore } from '../auth/token.store';
import { apiErrorCode } from '../graphql/api-error';
import { GRAPHQL_PATH } from './endpoints';
import { RealtimeService } from './realtime.service';

/**
 * Apollo client options (run in an injection context by `provideApollo`): subscriptions go over
 * the realtime graphql-ws connection, queries and mutations over HTTP (the auth interceptor adds
 * the bearer token). An UNAUTHENTICATED answer to a signed-in request ends the session.
 */
export function apolloOptions(): ApolloClient.Options {
  const tokens = inject(TokenStore);
  const realtime = inject(RealtimeService);
  const http = inject(HttpLink).create({ uri: GRAPHQL_PATH });
  const ws = new ApolloLink((operation) => realtime.request(operation));
  const transport = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, ws, http);
  const sessionExpiry = new ErrorLink(({ error }) => {
    if (apiErrorCode(error) === 'UNAUTHENTICATED') tokens.invalidate();
  });
  return {
    link: ApolloLink.from([sessionExpiry, transport]),
    cache: new InMemoryCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  };
}
