import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../shared/errors';
import type { Context } from './context';
import { controlCharacterErrors } from './control-characters';
import { operationRootFields } from './operation-fields';

/** What a request whose session token was refused may still do: sign in or sign up. */
const PUBLIC_FIELDS = new Set(['login', 'register', '__typename']);

const refused = (message: string, code: string, status: number) => new GraphQLError(message, { extensions: { code, http: { status } } });

/**
 * Rules for operations over HTTP, checked once the operation is known and before any resolver:
 * no control characters in any text (BAD_USER_INPUT, 400; graphql-ws checks the same), subscriptions are served over graphql-ws only (400), and a request carrying a session token
 * that is unknown, revoked or expired may only sign in or sign up (401 UNAUTHENTICATED otherwise,
 * a second logout too): a stale token left in a client does not break its login.
 */
export const httpOperationRules = (): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document, request }) {
        if (!operation) return;
        const [control] = controlCharacterErrors(document, request.variables);
        if (control) throw control;
        if (operation.operation === 'subscription') {
          throw refused('Subscriptions are served over graphql-ws (a WebSocket to /graphql), not over HTTP', 'BAD_REQUEST', 400);
        }
        if (contextValue.refusedToken && operationRootFields(document, operation).some((field) => !PUBLIC_FIELDS.has(field))) {
          throw refused('Your session has ended or is not valid; sign in again', ErrorCode.Unauthenticated, 401);
        }
      },
    };
  },
});
